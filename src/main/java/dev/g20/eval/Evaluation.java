package dev.g20.eval;

import dev.g20.util.Json;
import dev.g20.detect.Box;
import dev.g20.detect.Detection;
import dev.g20.detect.EnergyDetector;
import dev.g20.detect.InferenceInput;
import dev.g20.detect.SignalClasses;
import dev.g20.synth.NpyArray;

import dev.g20.detect.Detector;
import dev.g20.detect.GroundTruth;
import dev.g20.detect.YoloDetector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.g20.config.SpectrogramConfig;
import dev.g20.source.FileIqSource;
import dev.g20.source.SigMf;
import dev.g20.source.SigMfAnnotation;
import dev.g20.source.SourceException;
import dev.g20.spectrogram.CanonicalSpectrogramGenerator;
import dev.g20.spectrogram.SpectrogramFrame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Runs a detector over annotated inputs and feeds {@link DetectionMetrics}: SigMF recordings
 * (canonical generator, detector per frame, ground truth per frame from the annotations via
 * {@link GroundTruth#inFrame}) and datasets in the {@code dataset} format (DIR/data.yaml,
 * SPLIT/images/*.npy model-input tensors, SPLIT/labels/*.txt YOLO labels). Observers see each
 * recording frame (the tracker evaluation hooks in there).
 */
public final class Evaluation {

    /** The annotation extra holding an emission's SNR in dB (synth writes it). */
    public static final String SNR_KEY = "g20:snr_db";

    /** What one input contributed. */
    public record InputSummary(String path, String kind, long frames, int annotations) {
    }

    private final Detector detector;
    private final SpectrogramConfig spectrogram;
    private final DetectionMetrics metrics;
    private DetectionMetrics everyClassMetrics;
    private ClassConfusion confusion;
    private final List<EvalObserver> observers;
    private final double operatingConfidence;
    private final List<InputSummary> inputs = new ArrayList<>();
    private final TreeMap<String, Integer> unknownLabels = new TreeMap<>();
    private long frames;
    private long detectNanos;
    private double minSnrDb = Double.NaN;
    private int minWidthBins = GroundTruth.MIN_WIDTH_BINS;

    /**
     * @param operatingConfidence observers see only detections at or above this (what the live
     *                            pipeline would pass on); the metrics see them all
     */
    public Evaluation(Detector detector, SpectrogramConfig spectrogram, DetectionMetrics metrics, List<EvalObserver> observers,
                      double operatingConfidence) {
        this.detector = detector;
        this.spectrogram = spectrogram;
        this.metrics = metrics;
        this.observers = List.copyOf(observers);
        this.operatingConfidence = operatingConfidence;
        metrics.declareClasses(detector.classNames());
    }

    /**
     * Annotations whose {@code g20:snr_db} (written by synth) is below {@code db} become ignored
     * ground truth: not to be found, and a detection on one is no false alarm.
     */
    public Evaluation ignoreBelowSnr(double db) {
        this.minSnrDb = db;
        return this;
    }

    /** Truth carriers are widened to {@code bins} bins instead of {@link GroundTruth#MIN_WIDTH_BINS}. */
    public Evaluation minWidthBins(int bins) {
        this.minWidthBins = bins;
        return this;
    }

    /** Minimum truth width in bins this evaluation uses. */
    public int minWidthBins() {
        return minWidthBins;
    }

    public DetectionMetrics metrics() {
        return metrics;
    }

    /**
     * Also scores a YOLO detector's multi-label ranking (every class an anchor scores, as the
     * YOLOv8 tooling's val ranks) into {@link #everyClassMetrics()}, beside the best-class
     * detections that {@link #metrics()} and the observers see. No effect on other detectors or
     * class-agnostic scoring.
     */
    public Evaluation alsoRankEveryClass() {
        if (detector instanceof YoloDetector y && !metrics.classAgnostic()) {
            y.alsoRankEveryClass(true);
            everyClassMetrics = new DetectionMetrics(false);
            everyClassMetrics.declareClasses(detector.classNames());
        }
        return this;
    }

    /**
     * Also tallies which class each ground-truth box is given at the operating confidence
     * ({@link #confusion()}), matched at {@code iou}. No effect on class-agnostic scoring.
     */
    public Evaluation alsoTallyConfusion(double iou) {
        if (!metrics.classAgnostic()) confusion = new ClassConfusion(detector.classNames(), iou, operatingConfidence);
        return this;
    }

    /** The class confusion tally, or null when not asked for or class-agnostic. */
    public ClassConfusion confusion() {
        return confusion;
    }

    /** The multi-label ranking's metrics, or null when not asked for or not applicable (see {@link #alsoRankEveryClass()}). */
    public DetectionMetrics everyClassMetrics() {
        return everyClassMetrics;
    }

    private void addEveryClass(List<GroundTruth.LabeledBox> truth, List<GroundTruth.LabeledBox> ignored) {
        if (everyClassMetrics != null && detector instanceof YoloDetector y)
            everyClassMetrics.addImage(y.everyClassDetections(), truth, ignored);
    }

    public List<InputSummary> inputs() {
        return List.copyOf(inputs);
    }

    /** Frames (and dataset images) scored. */
    public long frames() {
        return frames;
    }

    /** Mean detector time per frame in ms (inference input, model or energy detector, decoding). */
    public double detectorMsPerFrame() {
        return frames == 0 ? 0 : detectNanos / 1e6 / frames;
    }

    /** Ground-truth labels the detector has no class for, with their box counts (class-aware scoring only). */
    public Map<String, Integer> unknownLabels() {
        return unknownLabels;
    }

    /** True when {@code dir} holds a dataset (data.yaml). */
    public static boolean isDataset(Path dir) {
        return Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("data.yaml"));
    }

    /** Scores one SigMF recording (.sigmf-meta or .sigmf-data path). */
    public void recording(Path file) {
        SigMf meta = SigMf.read(file);
        // annotations count samples from the start of the data file, frames from the capture's first sample
        List<SigMfAnnotation> anns = meta.annotations();
        if (meta.captureSampleStart() != 0) {
            List<SigMfAnnotation> shifted = new ArrayList<>(anns.size());
            for (SigMfAnnotation a : anns)
                shifted.add(new SigMfAnnotation(a.sampleStart() - meta.captureSampleStart(), a.sampleCount(), a.freqLowerEdge(),
                        a.freqUpperEdge(), a.label(), a.extras()));
            anns = shifted;
        }
        List<SigMfAnnotation> annotations = List.copyOf(anns);
        List<String> names = detector.classNames();
        long[] count = {0};
        try (FileIqSource source = meta.open()) {
            for (EvalObserver o : observers) o.recordingStarted(meta.metaFile().toString(), source.info(), annotations);
            try (CanonicalSpectrogramGenerator gen = new CanonicalSpectrogramGenerator(spectrogram, source.info(), frame -> {
                count[0]++;
                scoreFrame(frame, annotations, names);
            })) {
                float[] buf = new float[2 * 65536];
                int n;
                while ((n = source.read(buf, 65536)) > 0) gen.accept(buf, n);
            }
            for (EvalObserver o : observers) o.recordingFinished();
        }
        inputs.add(new InputSummary(meta.metaFile().toString(), "sigmf", count[0], annotations.size()));
    }

    private void scoreFrame(SpectrogramFrame frame, List<SigMfAnnotation> annotations, List<String> names) {
        long t0 = System.nanoTime();
        List<Detection> dets = detector.detect(frame);
        detectNanos += System.nanoTime() - t0;
        frames++;
        List<GroundTruth.LabeledBox> truth = GroundTruth.inFrame(frame, annotations, names, minWidthBins);
        List<GroundTruth.LabeledBox> ignored = List.of();
        if (!Double.isNaN(minSnrDb)) {
            List<GroundTruth.LabeledBox> scored = new ArrayList<>(truth.size());
            ignored = new ArrayList<>();
            for (GroundTruth.LabeledBox t : truth) {
                Object snr = annotations.get(t.annotationIndex()).extras().get(SNR_KEY);
                if (snr instanceof Number n && n.doubleValue() < minSnrDb) ignored.add(t);
                else scored.add(t);
            }
            truth = scored;
        }
        noteUnknown(truth);
        metrics.addImage(dets, truth, ignored);
        addEveryClass(truth, ignored);
        if (confusion != null) confusion.add(dets, truth);
        if (observers.isEmpty()) return;
        List<Detection> passed = new ArrayList<>(dets.size());
        for (Detection d : dets) if (d.confidence() >= operatingConfidence) passed.add(d);
        for (EvalObserver o : observers) o.frame(frame, passed, truth);
    }

    private void noteUnknown(List<GroundTruth.LabeledBox> truth) {
        if (metrics.classAgnostic()) return;
        for (GroundTruth.LabeledBox t : truth) if (t.classId() < 0) unknownLabels.merge(t.label(), 1, Integer::sum);
    }

    /**
     * Scores a dataset's split: each image's tensor goes straight to the model; the energy
     * detector reads channel 0 back as a PSD in dB over the display range.
     */
    public void dataset(Path dir, String split) {
        Path yaml = dir.resolve("data.yaml");
        JsonNode root;
        try {
            root = Json.YAML.readTree(Files.readString(yaml));
        } catch (JsonProcessingException e) {
            throw new SourceException(yaml + ": not valid YAML (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new SourceException(yaml + ": cannot read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) throw new SourceException(yaml + ": expected a mapping with 'names'");
        List<String> dataNames = datasetNames(root.get("names"), yaml);
        Path base = root.hasNonNull("path") && !root.get("path").asText().isBlank() ? dir.resolve(root.get("path").asText()) : dir;
        Path images = root.hasNonNull(split) && root.get(split).isTextual() ? base.resolve(root.get(split).asText()) : base.resolve(split).resolve("images");
        if (!Files.isDirectory(images)) throw new SourceException(yaml + ": split '" + split + "' has no image directory " + images);
        List<Path> files;
        try (Stream<Path> s = Files.list(images)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
        } catch (IOException e) {
            throw new SourceException(images + ": cannot list (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) throw new SourceException(images + ": no .npy tensors");
        List<String> names = detector.classNames();
        int labelCount = 0;
        for (Path f : files) {
            NpyArray a = NpyArray.readTensor(f);
            List<GroundTruth.LabeledBox> truth = readLabels(labelFileFor(f), dataNames, names);
            labelCount += truth.size();
            long t0 = System.nanoTime();
            List<Detection> dets = detectTensor(a, f);
            detectNanos += System.nanoTime() - t0;
            frames++;
            noteUnknown(truth);
            metrics.addImage(dets, truth);
            addEveryClass(truth, List.of());
            if (confusion != null) confusion.add(dets, truth);
        }
        inputs.add(new InputSummary(images.toString(), "dataset", files.size(), labelCount));
    }

    private List<Detection> detectTensor(NpyArray a, Path file) {
        long[] s = a.shape();
        // accept [C, H, W], [1, C, H, W] and [H, W]
        long c, h, w;
        if (s.length == 4 && s[0] == 1) {
            c = s[1];
            h = s[2];
            w = s[3];
        } else if (s.length == 3) {
            c = s[0];
            h = s[1];
            w = s[2];
        } else if (s.length == 2) {
            c = 1;
            h = s[0];
            w = s[1];
        } else {
            throw new SourceException(file + ": tensor shape " + java.util.Arrays.toString(s) + ", expected [C, H, W]");
        }
        float[] data = a.data();
        if (detector instanceof YoloDetector y) {
            InferenceInput in = y.input();
            if (h != in.height() || w != in.width() || (c != 1 && c != in.channels()))
                throw new SourceException(file + ": tensor is [" + c + ", " + h + ", " + w + "], the model takes ["
                        + in.channels() + ", " + in.height() + ", " + in.width() + "]");
            if (c != in.channels()) {
                float[] rep = new float[in.size()];
                for (int k = 0; k < in.channels(); k++) System.arraycopy(data, 0, rep, k * data.length, data.length);
                data = rep;
            }
            return y.detectTensor(data);
        }
        if (detector instanceof EnergyDetector e) {
            int plane = (int) (h * w);
            float[] psd = new float[plane];
            float floor = (float) (spectrogram.psdRefDbm() - spectrogram.dynamicRangeDb());
            float range = (float) spectrogram.dynamicRangeDb();
            for (int i = 0; i < plane; i++) psd[i] = floor + data[i] * range;
            return e.detect(psd, (int) h, (int) w);
        }
        throw new SourceException(file + ": the " + detector.name() + " detector cannot read dataset tensors");
    }

    /** The label file of an image: .../images/X.npy -> .../labels/X.txt (the YOLO convention). */
    static Path labelFileFor(Path image) {
        String name = image.getFileName().toString();
        String stem = name.substring(0, name.lastIndexOf('.'));
        Path imagesDir = image.getParent();
        Path labelsDir = imagesDir.getFileName().toString().equals("images") ? imagesDir.resolveSibling("labels") : imagesDir;
        return labelsDir.resolve(stem + ".txt");
    }

    private static List<GroundTruth.LabeledBox> readLabels(Path file, List<String> dataNames, List<String> modelNames) {
        if (!Files.isRegularFile(file)) return List.of();
        List<GroundTruth.LabeledBox> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new SourceException(file + ": cannot read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            String[] p = line.split("\\s+");
            if (p.length < 5) throw new SourceException(file + ": line " + (i + 1) + ": expected 'class cx cy w h'");
            try {
                int cls = Integer.parseInt(p[0]);
                double cx = Double.parseDouble(p[1]), cy = Double.parseDouble(p[2]), w = Double.parseDouble(p[3]), h = Double.parseDouble(p[4]);
                String label = cls >= 0 && cls < dataNames.size() ? dataNames.get(cls) : "class" + cls;
                Box b = new Box(clip(cx - w / 2), clip(cy - h / 2), clip(cx + w / 2), clip(cy + h / 2));
                out.add(new GroundTruth.LabeledBox(b, SignalClasses.idOf(modelNames, label), label, i));
            } catch (NumberFormatException e) {
                throw new SourceException(file + ": line " + (i + 1) + ": not numbers: '" + line + "'");
            }
        }
        return out;
    }

    private static List<String> datasetNames(JsonNode names, Path yaml) {
        if (names == null || names.isNull()) throw new SourceException(yaml + ": missing 'names'");
        List<String> out = new ArrayList<>();
        if (names.isArray()) {
            for (JsonNode n : names) out.add(n.asText());
        } else if (names.isObject()) {
            TreeMap<Integer, String> byId = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
                var e = it.next();
                try {
                    byId.put(Integer.parseInt(e.getKey().strip()), e.getValue().asText());
                } catch (NumberFormatException ex) {
                    throw new SourceException(yaml + ": 'names' keys must be class ids, got '" + e.getKey() + "'");
                }
            }
            int max = byId.isEmpty() ? -1 : byId.lastKey();
            for (int i = 0; i <= max; i++) out.add(byId.getOrDefault(i, "class" + i));
        } else {
            throw new SourceException(yaml + ": 'names' must be a list or a mapping of class id to name");
        }
        return out;
    }

    private static double clip(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
