package dev.g20.track;

import java.util.Arrays;

/** Mutable per-track state of {@link RFSignalTracker}; recycled through a pool, never shared. */
final class TrackSlot {
    long id;
    int classId;
    String className;
    /** Boxes as [x1, y1, x2, y2] in canonical units; velocity[0] is the centre-x velocity per frame (the rest unused). */
    final double[] truth = new double[4], display = new double[4], velocity = new double[4];
    double confidence;
    TrackState state;
    int age;
    int hits;
    boolean drifting;
    int driftEvidence;
    long firstSeenFrameId, lastSeenFrameId;
    /** SNR in dB measured in the latest matched frame (NaN before the first export). */
    double snrDb;
    /** Summed detection confidence per class id, and each class id's name; grown on demand, reused. */
    double[] votes = new double[16];
    String[] voteNames = new String[16];

    void init(long id, int classId, String className, double x1, double y1, double x2, double y2,
              double confidence, double voteWeight, long frameId, boolean confirmed) {
        this.id = id;
        this.classId = classId;
        this.className = className;
        truth[0] = display[0] = x1;
        truth[1] = display[1] = y1;
        truth[2] = display[2] = x2;
        truth[3] = display[3] = y2;
        velocity[0] = velocity[1] = velocity[2] = velocity[3] = 0;
        this.confidence = confidence;
        state = confirmed ? TrackState.CONFIRMED : TrackState.TENTATIVE;
        age = 0;
        hits = 1;
        drifting = false;
        driftEvidence = 0;
        firstSeenFrameId = lastSeenFrameId = frameId;
        snrDb = Double.NaN;
        Arrays.fill(votes, 0);
        vote(classId, className, confidence * voteWeight);
    }

    /**
     * Adds a detection's confidence to its class's votes; the track takes another class only once
     * that class has strictly more votes than its own, so a tie keeps the class it has.
     */
    void vote(int cls, String name, double confidence) {
        if (cls < 0) return;
        if (cls >= votes.length) {
            int n = Math.max(cls + 1, 2 * votes.length);
            votes = Arrays.copyOf(votes, n);
            voteNames = Arrays.copyOf(voteNames, n);
        }
        votes[cls] += confidence;
        voteNames[cls] = name;
        if (cls != classId && (classId < 0 || classId >= votes.length || votes[cls] > votes[classId])) {
            classId = cls;
            className = name;
        }
    }

}
