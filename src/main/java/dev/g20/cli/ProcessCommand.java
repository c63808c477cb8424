package dev.g20.cli;

import dev.g20.util.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.g20.classify.IqHistory;
import dev.g20.classify.RecordingSource;
import dev.g20.classify.TrackClassifier;
import dev.g20.config.G20Config;
import dev.g20.source.SigMfAnnotation;
import dev.g20.emitter.Emitter;
import dev.g20.emitter.EmitterBuilder;
import dev.g20.emitter.EmitterStage;
import dev.g20.pipeline.Pipeline;
import dev.g20.pipeline.PipelineListener;
import dev.g20.pipeline.PipelineMetrics;
import dev.g20.pipeline.PipelineOptions;
import dev.g20.render.WaterfallImage;
import dev.g20.source.IqSource;
import dev.g20.source.SampleFormat;
import dev.g20.source.SigMf;
import dev.g20.source.SourceInfo;
import dev.g20.source.Sources;
import dev.g20.spectrogram.SpectrogramFrame;
import dev.g20.store.TrackLogger;
import dev.g20.store.TrackLoggerMetrics;
import dev.g20.wiring.StoreRegistry;
import dev.g20.wiring.Wiring;
import dev.g20.track.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** `g20 process INPUT`: the pipeline over a recording, as fast as possible. */
@Command(name = "process", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Offline: run the pipeline (spectrogram, detector, tracker) over a recording as fast as possible, losing nothing.",
                "--annotate writes SigMF metadata for the input's data file (for a raw input: fresh metadata whose"
                        + " core:dataset names the raw file; keep both side by side)."})
public final class ProcessCommand implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommand.class);
    private static final Wiring WIRING = Wiring.standard();
    private static final long PROGRESS_NANOS = 3_000_000_000L;
    /** A confirmed track's modulation is re-estimated every this many frames, at most this many tracks per frame. */
    private static final int CLASSIFY_EVERY_FRAMES = 8, CLASSIFY_PER_FRAME = 4;
    private static final Color[] PALETTE = {Color.WHITE, Color.CYAN, Color.MAGENTA, Color.YELLOW, Color.GREEN,
            Color.ORANGE, Color.PINK, new Color(0x80, 0xC0, 0xFF)};

    @Parameters(paramLabel = "INPUT", description = "recording: FILE.sigmf-meta, or a raw .cf32/.cs16/.cs8/.cu8 file")
    Path input;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--detector", paramLabel = "yolo|energy", description = "overrides inference.yaml's detector")
    String detector;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model for the yolo detector (implies --detector yolo)")
    Path model;

    @Option(names = "--tracks", paramLabel = "OUT.json", description = "write the confirmed tracks (final record of each) as a JSON array")
    Path tracksOut;

    @Option(names = "--annotate", paramLabel = "OUT.sigmf-meta",
            description = "write the input's metadata plus one annotation per emitter burst or hop (g20:emitter_id, g20:track_id)")
    Path annotateOut;

    @Option(names = "--emitters", paramLabel = "OUT.json", description = "write the emitters (final record of each) as a JSON array")
    Path emittersOut;

    @Option(names = "--png", paramLabel = "OUT.png", description = "write the waterfall of the whole recording, with the confirmed tracks' boxes, as a PNG")
    Path png;

    @Option(names = "--png-size", paramLabel = "WxH", defaultValue = "1600x1200",
            description = "largest PNG plot size; bins and rows are merged to fit (default: ${DEFAULT-VALUE})")
    String pngSize;

    @Option(names = "--png-reduce", paramLabel = "max|mean", defaultValue = "max",
            description = "how merged bins/rows combine, in dB (default: ${DEFAULT-VALUE})")
    String pngReduce;

    @Option(names = "--db", paramLabel = "URL", description = "also log the tracks to a store: postgresql://user:pass@host[:port]/db or sqlite:PATH")
    String db;

    @Mixin
    RawFileOptions raw;

    @Override
    public void run() {
        G20Config loaded = configOption.load();
        // the input first: a bad recording is reported alone, before any detector warning
        IqSource source = Sources.openFile(input, raw.format, raw.sampleRate, raw.centerFreq);
        SourceInfo info = source.info();
        StoreRegistry.Store store = null;
        TrackLogger logger = null;
        G20Config config;
        WaterfallImage waterfall;
        Pipeline pipeline;
        TrackClassifier modulations;
        try {
            config = WIRING.stores().choose(WIRING.detectors().choose(loaded, detector, model, LOG), db);
            for (Path p : new Path[]{tracksOut, annotateOut, png, emittersOut}) checkWritable(p);
            waterfall = png != null ? PngOption.waterfall(config.spectrogram(), pngSize, pngReduce, input) : null;
            if (db != null) {
                store = WIRING.stores().open(config.database(), "--db");
                logger = store.logger();
            }
            // the IQ behind every frame still in the pipeline's queues, for the modulation of each confirmed track
            IqHistory history = new IqHistory(TrackClassifier.historySamples(
                    (long) config.spectrogram().rowsPerFrame() * config.spectrogram().hop(), 16, info.sampleRateHz()));
            long frameSamples = (long) config.spectrogram().rowsPerFrame() * config.spectrogram().hop();
            boolean tooShortToConfirm = info.totalSamples() >= 0
                    && info.totalSamples() < (long) config.tracker().confirmHits() * frameSamples;
            modulations = new TrackClassifier(history, CLASSIFY_EVERY_FRAMES, CLASSIFY_PER_FRAME).classifyTentative(tooShortToConfirm);
            pipeline = new Pipeline(WIRING.components(new RecordingSource(source, history), config, logger), PipelineOptions.offline());
        } catch (RuntimeException e) {
            if (store != null) store.close();
            source.close();
            throw e;
        }
        long t0 = System.nanoTime();
        PipelineMetrics m = pipeline.metrics();
        long[] lastProgress = {t0};
        Map<Long, Emitter> emitterFinals = new LinkedHashMap<>();
        EmitterBuilder emitters = new EmitterBuilder(config.emitters(), "local", e -> emitterFinals.put(e.emitterId(), e), true);
        // before the recorder: it reads each track's emitter in the same frame
        pipeline.addListener(new EmitterStage(emitters));
        ProcessRecorder recorder = new ProcessRecorder(waterfall != null, frame -> {
            long now = System.nanoTime();
            if (now - lastProgress[0] < PROGRESS_NANOS) return;
            lastProgress[0] = now;
            long done = frame.firstSample() + frame.spanSamples();
            double el = (now - t0) / 1e9;
            String of = info.totalSamples() > 0
                    ? String.format(Locale.ROOT, " / %.1f s (%.0f%%)", info.totalSamples() / info.sampleRateHz(), 100.0 * done / info.totalSamples()) : " s";
            System.err.printf(Locale.ROOT, "process: %.1f%s, %d frames, %d tracks, %.1f MS/s%n",
                    done / info.sampleRateHz(), of, m.framesTracked.sum(), m.tracksConfirmed, m.samplesIn.sum() / el / 1e6);
        }, emitters);
        if (waterfall != null) {
            pipeline.addListener(new PipelineListener() {
                @Override
                public void onFrame(SpectrogramFrame frame) {
                    waterfall.accept(frame);
                }
            });
        }
        pipeline.addListener(modulations);
        pipeline.addListener(recorder);
        try {
            pipeline.runToEnd();
        } finally {
            if (store != null) store.close();
        }
        // a recording shorter than confirm_hits frames can confirm nothing: report what it saw, flagged
        recorder.reportUnconfirmed(m.framesTracked.sum() < config.tracker().confirmHits());
        double elapsed = (System.nanoTime() - t0) / 1e9;

        List<Track> tracks = recorder.confirmedTracks();
        if (tracksOut != null) writeTracks(tracks, modulations);
        if (emittersOut != null) writeEmitters(emitterFinals, emitters);
        if (annotateOut != null) writeAnnotations(recorder, info, emitterFinals, modulations);
        if (waterfall != null) {
            for (ProcessRecorder.Segment b : recorder.confirmedBoxes()) {
                waterfall.addBox(b.startSample() / info.sampleRateHz(), b.endSample() / info.sampleRateHz(), b.lowHz(), b.highHz(),
                        b.label(), PALETTE[Math.floorMod(b.classId(), PALETTE.length)]);
            }
            PngOption.write(waterfall, png, input, config.spectrogram());
        }
        long samples = m.samplesIn.sum();
        String storeLine = "";
        if (logger != null) {
            TrackLoggerMetrics sm = logger.metrics();
            storeLine = String.format(Locale.ROOT, ", store %s: %d rows written, %d dropped", db, sm.written(), sm.dropped());
        }
        System.err.printf(Locale.ROOT, "modulation: %d estimates, %d reads with the IQ gone or too short%n", modulations.classifiedCount(), modulations.missedCount());
        System.err.printf(Locale.ROOT, "processed %s: %s of signal, %d frames, %d detections (%s, %d dropped at the per-frame cap), %d confirmed tracks %s, %d emitters in %.2f s: %.1f MS/s (%.1fx real time)%s%n",
                input.getFileName(), signalLength(samples / info.sampleRateHz()), m.framesTracked.sum(), m.detections.sum(), config.inference().detector(),
                m.detectionsCapped.sum(), tracks.size(), recorder.perClass(), emitterFinals.size(), elapsed, samples / elapsed / 1e6,
                samples / info.sampleRateHz() / elapsed, storeLine);
    }

    /** A recording's length as a person reads it: 1.6 ms, 520 ms, 10.00 s. */
    static String signalLength(double seconds) {
        if (seconds >= 1) return String.format(Locale.ROOT, "%.2f s", seconds);
        if (seconds >= 1e-3) return String.format(Locale.ROOT, "%.3g ms", seconds * 1e3);
        return String.format(Locale.ROOT, "%.3g us", seconds * 1e6);
    }

    private static void checkWritable(Path p) {
        if (p == null) return;
        Path dir = p.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) throw new UserError(p + ": cannot write: directory " + dir + " does not exist");
    }

    private void writeTracks(List<Track> tracks, TrackClassifier modulations) {
        try {
            var array = Json.JSON.createArrayNode();
            for (Track t : tracks) {
                ObjectNode o = Json.JSON.valueToTree(t);
                o.set("modulation_estimate", Json.JSON.valueToTree(modulations.estimate(t.trackId())));
                array.add(o);
            }
            Files.writeString(tracksOut, Json.PRETTY.writeValueAsString(array) + "\n");
        } catch (IOException e) {
            throw new UserError(tracksOut + ": cannot write (" + e.getMessage() + ")");
        }
        System.err.println("wrote " + tracksOut + " (" + tracks.size() + " tracks)");
    }

    private void writeEmitters(Map<Long, Emitter> finals, EmitterBuilder emitterBuilder) {
        List<Emitter> list = new ArrayList<>(finals.values());
        // emitters merged into another after they were published live on in the survivor
        list.removeIf(e -> emitterBuilder.resolve(e.emitterId()) != e.emitterId());
        list.sort(java.util.Comparator.comparingLong(Emitter::emitterId));
        try {
            Files.writeString(emittersOut, Json.PRETTY.writeValueAsString(list) + "\n");
        } catch (IOException e) {
            throw new UserError(emittersOut + ": cannot write (" + e.getMessage() + ")");
        }
        System.err.println("wrote " + emittersOut + " (" + list.size() + " emitters)");
    }

    private void writeAnnotations(ProcessRecorder recorder, SourceInfo info, Map<Long, Emitter> finals,
                                  TrackClassifier modulations) {
        ObjectNode meta;
        long offset = 0;
        if (isSigMf(input)) {
            SigMf sig = SigMf.read(input);
            meta = sig.json();
            offset = sig.captureSampleStart();
        } else {
            // a raw input: fresh metadata; core:dataset names the data file (SigMF's non-conforming dataset)
            SampleFormat f = SampleFormat.fromName(raw.format != null ? raw.format : extension(input), input.toString());
            meta = SigMf.newMeta(f, info.sampleRateHz(), info.centerFreqHz(), info.startTimeNs(), "g20 process of " + input.getFileName());
            ((ObjectNode) meta.get("global")).put("core:dataset", input.getFileName().toString());
        }
        Path out = annotateOut;
        if (!out.getFileName().toString().endsWith(".sigmf-meta")) out = out.resolveSibling(out.getFileName() + ".sigmf-meta");
        var anns = new java.util.ArrayList<SigMfAnnotation>();
        for (SigMfAnnotation a : recorder.emitterAnnotations(offset, finals)) {
            var extras = new java.util.LinkedHashMap<>(a.extras());
            if (a.extras().get("g20:track_id") instanceof Number id) extras.putAll(TrackClassifier.annotationExtras(modulations.estimate(id.longValue())));
            anns.add(new SigMfAnnotation(a.sampleStart(), a.sampleCount(), a.freqLowerEdge(), a.freqUpperEdge(), a.label(), extras));
        }
        try {
            SigMf.writeMeta(out, meta, anns);
        } catch (RuntimeException e) {
            throw new UserError(out + ": cannot write (" + e.getMessage() + ")");
        }
        System.err.println("wrote " + out + " (" + anns.size() + " annotations)");
    }

    private static boolean isSigMf(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".sigmf-meta") || n.endsWith(".sigmf-data") || n.endsWith(".sigmf");
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot >= 0 ? n.substring(dot + 1) : "";
    }
}
