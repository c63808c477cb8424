package dev.g20.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.g20.config.DetectorKind;
import dev.g20.config.G20Config;
import dev.g20.wiring.DetectorRegistry;
import dev.g20.config.InferenceConfig;
import dev.g20.eval.ClassConfusion;
import dev.g20.eval.DetectionMetrics;
import dev.g20.detect.Detector;
import dev.g20.detect.Detectors;
import dev.g20.eval.EmitterEvaluation;
import dev.g20.eval.EmitterScoring;
import dev.g20.eval.EvalObserver;
import dev.g20.eval.TrackingEvaluation;
import dev.g20.eval.Evaluation;
import dev.g20.detect.YoloDetector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * `g20 eval`: scores a detector against annotated SigMF recordings and/or datasets: COCO-style
 * mAP@0.5, mAP@0.5:0.95 (detections ranked down to confidence 0.001), precision and recall at the
 * configured confidence, per class and overall. JSON on stdout, a table on stderr. The energy
 * detector is scored class-agnostically. Further per-frame evaluations (the tracker's) are
 * {@link EvalObserver}s added to the list in {@link #run()}; each adds its own JSON section.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a detector and tracker against annotated recordings (JSON).")
public final class EvalCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Lowest confidence kept for the AP ranking. */
    static final double AP_CONFIDENCE = 0.001;

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "PATH",
            description = "annotated recordings (.sigmf-meta), directories of them, or dataset directories (data.yaml)")
    List<Path> data;

    @Option(names = "--detector", paramLabel = "yolo|energy", description = "detector (default: inference.yaml)")
    String detector;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model for yolo (default: inference.yaml model_path)")
    Path model;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--iou", paramLabel = "IOU", defaultValue = "0.5", description = "IoU for precision, recall and 'map' (default 0.5)")
    double iou;

    @Option(names = "--confidence", paramLabel = "C", description = "confidence threshold for precision and recall (default: inference.yaml)")
    Double confidence;

    @Option(names = "--min-snr", paramLabel = "DB",
            description = "ignore annotations whose g20:snr_db is below DB: neither to be found nor false alarms")
    Double minSnr;

    @Option(names = "--min-width-bins", paramLabel = "N",
            description = "truth boxes at least N bins wide (default 8, the window's main lobe with margin; 32 is the shipped model's training convention)")
    Integer minWidthBins;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "val", description = "dataset split to score (default val)")
    String split;

    @Option(names = "--class-agnostic", description = "score any detector class-agnostically, as the energy detector always is "
            + "(localisation only: compares yolo with energy on equal terms)")
    boolean classAgnostic;

    @Override
    public void run() {
        if (!(iou > 0 && iou <= 1)) throw new UserError("--iou must be in (0, 1], got " + iou);
        if (confidence != null && !(confidence >= 0 && confidence <= 1)) throw new UserError("--confidence must be in [0, 1], got " + confidence);
        G20Config config = configOption.load();
        DetectorRegistry detectors = DetectorRegistry.standard();
        InferenceConfig inference = detectors.insist(config, detector, model).inference();
        double threshold = confidence != null ? confidence : inference.confidenceThreshold();
        List<Path[]> inputs = expand(data);

        // further evaluations of the same frames: the tracker's identity quality
        List<EvalObserver> observers = new ArrayList<>();
        observers.add(new TrackingEvaluation(config.tracker()));
        EmitterEvaluation emitters = new EmitterEvaluation(config.tracker(), config.emitters());
        observers.add(emitters);

        // AP needs the whole ranking, so the model keeps detections down to AP_CONFIDENCE (as the
        // YOLOv8 tooling's val does); precision and recall use the operating threshold
        InferenceConfig ranked = new InferenceConfig(inference.detector(), inference.modelPath(), inference.inputSize(),
                Math.min(AP_CONFIDENCE, threshold), inference.nmsThreshold(), inference.executionProvider(), inference.trtFp16(),
                inference.trtInt8(), inference.trtEngineCacheDir());
        try (Detector det = detectors.create(ranked, config.spectrogram())) {
            boolean agnostic = classAgnostic || inference.detector() == DetectorKind.ENERGY;
            Evaluation eval = new Evaluation(det, config.spectrogram(), new DetectionMetrics(agnostic), observers, threshold);
            eval.alsoRankEveryClass();
            eval.alsoTallyConfusion(iou);
            if (minSnr != null) eval.ignoreBelowSnr(minSnr);
            if (minWidthBins != null) {
                if (minWidthBins < 1) throw new UserError("--min-width-bins: " + minWidthBins + " is not a positive number of bins");
                eval.minWidthBins(minWidthBins);
            }
            for (Path[] in : inputs) {
                if (in[1] != null) eval.dataset(in[0], split);
                else eval.recording(in[0]);
            }
            DetectionMetrics.Result r = eval.metrics().compute(iou, threshold);
            DetectionMetrics.Result multi = eval.everyClassMetrics() == null ? null : eval.everyClassMetrics().compute(iou, threshold);
            ClassConfusion.Result confusion = eval.confusion() == null ? null : eval.confusion().result();
            Map<String, Object> json = report(eval, r, multi, confusion, det, inference, observers, minSnr);
            printTable(System.err, eval, r, multi, confusion, det);
            printEmitters(System.err, emitters.scores());
            try {
                System.out.println(JSON.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Each input as {path, null} for a recording or {dir, dir} for a dataset. */
    private static List<Path[]> expand(List<Path> paths) {
        List<Path[]> out = new ArrayList<>();
        for (Path p : paths) {
            if (Evaluation.isDataset(p)) {
                out.add(new Path[]{p, p});
            } else if (Files.isDirectory(p)) {
                List<Path> metas;
                try (Stream<Path> s = Files.walk(p)) {
                    metas = s.filter(f -> f.getFileName().toString().endsWith(".sigmf-meta")).sorted().toList();
                } catch (IOException e) {
                    throw new UserError(p + ": cannot list (" + e.getMessage() + ")");
                }
                if (metas.isEmpty()) throw new UserError(p + ": no .sigmf-meta recordings and no data.yaml in this directory");
                for (Path m : metas) out.add(new Path[]{m, null});
            } else if (p.getFileName().toString().endsWith(".sigmf-meta") || p.getFileName().toString().endsWith(".sigmf-data")) {
                if (!Files.exists(p)) throw new UserError(p + ": file not found");
                out.add(new Path[]{p, null});
            } else {
                throw new UserError(p + ": not a SigMF recording (.sigmf-meta) or a dataset directory (data.yaml)");
            }
        }
        return out;
    }

    private static Map<String, Object> report(Evaluation eval, DetectionMetrics.Result r, DetectionMetrics.Result multi,
                                              ClassConfusion.Result confusion, Detector det, InferenceConfig inference,
                                              List<EvalObserver> observers, Double minSnr) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("detector", det.name());
        j.put("model", det instanceof YoloDetector ? Detectors.resolve(Detectors.home(), inference.modelPath()).toString() : null);
        if (det instanceof YoloDetector y) j.put("provider", y.provider());
        j.put("class_agnostic", r.classAgnostic());
        j.put("iou", r.iou());
        j.put("confidence_threshold", r.confidenceThreshold());
        if (minSnr != null) j.put("min_snr_db", minSnr);
        j.put("min_width_bins", eval.minWidthBins());
        j.put("ap_min_confidence", det instanceof YoloDetector ? Math.min(AP_CONFIDENCE, r.confidenceThreshold()) : 0.0);
        j.put("map50", round(r.map50()));
        j.put("map50_95", round(r.map50to95()));
        j.put("map", round(r.map()));
        j.put("precision", round(r.precision()));
        j.put("recall", round(r.recall()));
        j.put("ground_truth", r.groundTruth());
        j.put("detections", r.detections());
        j.put("true_positives", r.truePositives());
        j.put("false_positives", r.falsePositives());
        j.put("false_negatives", r.falseNegatives());
        j.put("ignored_ground_truth", r.ignoredGroundTruth());
        j.put("frames", eval.frames());
        j.put("detector_ms_per_frame", round(eval.detectorMsPerFrame()));
        j.put("detections_dropped", det.droppedDetections());
        Map<String, Object> classes = new LinkedHashMap<>();
        for (DetectionMetrics.ClassResult c : r.classes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ap50", c.ap50() == null ? null : round(c.ap50()));
            m.put("ap50_95", c.ap50to95() == null ? null : round(c.ap50to95()));
            m.put("ap", c.ap() == null ? null : round(c.ap()));
            m.put("precision", round(c.precision()));
            m.put("recall", round(c.recall()));
            m.put("ground_truth", c.groundTruth());
            m.put("detections", c.detections());
            m.put("true_positives", c.truePositives());
            classes.put(c.name(), m);
        }
        j.put("classes", classes);
        if (multi != null) {
            // every class an anchor scores, ranked (the YOLOv8 tooling's val, multi_label): AP only,
            // since precision and recall at the threshold would count the runner-up classes too
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("map50", round(multi.map50()));
            m.put("map50_95", round(multi.map50to95()));
            m.put("map", round(multi.map()));
            Map<String, Object> byClass = new LinkedHashMap<>();
            for (DetectionMetrics.ClassResult c : multi.classes()) {
                if (c.ap50() == null) continue;
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("ap50", round(c.ap50()));
                a.put("ap50_95", round(c.ap50to95()));
                byClass.put(c.name(), a);
            }
            m.put("classes", byClass);
            j.put("multi_label", m);
        }
        if (confusion != null) j.put("confusion", confusionJson(confusion));
        if (r.classAgnostic()) {
            Map<String, Object> byLabel = new LinkedHashMap<>();
            for (DetectionMetrics.LabelRecall l : r.byLabel()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ground_truth", l.groundTruth());
                m.put("found", l.found());
                m.put("recall", round(l.recall()));
                byLabel.put(l.label(), m);
            }
            j.put("recall_by_label", byLabel);
        }
        if (!eval.unknownLabels().isEmpty()) j.put("labels_unknown_to_detector", eval.unknownLabels());
        j.put("inputs", eval.inputs());
        for (EvalObserver o : observers) j.put(o.section(), o.report());
        return j;
    }

    /** {"iou", "confidence_threshold", "rows": {truth class: {detected class: n, ..., "missed": n}}, "false_alarms": {class: n}}, classes without any count left out. */
    private static Map<String, Object> confusionJson(ClassConfusion.Result c) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("iou", c.iou());
        j.put("confidence_threshold", c.confidenceThreshold());
        Map<String, Object> rows = new LinkedHashMap<>();
        for (int t = 0; t < c.classes().size(); t++) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int d = 0; d < c.classes().size(); d++) if (c.counts()[t][d] > 0) row.put(c.classes().get(d), c.counts()[t][d]);
            if (row.isEmpty() && c.missed()[t] == 0) continue;
            row.put("missed", c.missed()[t]);
            rows.put(c.classes().get(t), row);
        }
        j.put("rows", rows);
        Map<String, Object> fa = new LinkedHashMap<>();
        for (int d = 0; d < c.classes().size(); d++) if (c.falseAlarms()[d] > 0) fa.put(c.classes().get(d), c.falseAlarms()[d]);
        j.put("false_alarms", fa);
        return j;
    }

    /** The confusion matrix as a table: rows are truth classes, columns what the detector called them. */
    private static void printConfusion(PrintStream err, ClassConfusion.Result c) {
        List<String> names = c.classes();
        int n = names.size();
        err.printf(Locale.ROOT, "eval: truth class (rows) -> detected class (columns) at confidence >= %.2f, IoU >= %.2f%n",
                c.confidenceThreshold(), c.iou());
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-8s", "truth"));
        for (String name : names) head.append(String.format(Locale.ROOT, " %6.6s", name));
        head.append(String.format(Locale.ROOT, " %7s %8s", "missed", "correct"));
        err.println(head);
        for (int t = 0; t < n; t++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8.8s", names.get(t)));
            int total = c.missed()[t];
            for (int d = 0; d < n; d++) {
                row.append(String.format(Locale.ROOT, " %6s", c.counts()[t][d] == 0 ? "." : Integer.toString(c.counts()[t][d])));
                total += c.counts()[t][d];
            }
            if (total == 0) continue;
            double share = c.correctShare(t);
            row.append(String.format(Locale.ROOT, " %7d %8s", c.missed()[t], Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.3f", share)));
            err.println(row);
        }
        StringBuilder fa = new StringBuilder(String.format(Locale.ROOT, "%-8s", "no truth"));
        for (int d = 0; d < n; d++) fa.append(String.format(Locale.ROOT, " %6s", c.falseAlarms()[d] == 0 ? "." : Integer.toString(c.falseAlarms()[d])));
        err.println(fa);
    }

    private static void printEmitters(PrintStream err, EmitterScoring.Result e) {
        if (e.trueEmitters() == 0 && e.emittersFound() == 0) return;
        err.printf(Locale.ROOT, "eval: emitters %d found / %d true, precision %.3f, recall %.3f, fragmentation %.3f, class accuracy %.3f%n",
                e.emittersFound(), e.trueEmitters(), e.precision(), e.recall(), e.fragmentation(), e.classAccuracy());
        for (var k : new Object[][]{{"hoppers", e.hoppers()}, {"pulse trains", e.pulseTrains()}}) {
            EmitterScoring.Scores s = (EmitterScoring.Scores) k[1];
            if (s.trueEmitters() == 0) continue;
            err.printf(Locale.ROOT, "eval:   %s: %d true, %d as one emitter, recall %.3f, fragmentation %.3f, class accuracy %.3f%n",
                    k[0], s.trueEmitters(), s.singleEmitter(), s.recall(), s.fragmentation(), s.classAccuracy());
        }
        if (e.pulseTrains().trueEmitters() > 0)
            err.printf(Locale.ROOT, "eval:   PRI within 5 %%: %d, relative errors %s%n", e.priWithinTolerance(), e.priRelativeErrors());
    }

    private static String fmt(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static void printTable(PrintStream err, Evaluation eval, DetectionMetrics.Result r, DetectionMetrics.Result multi,
                                   ClassConfusion.Result confusion, Detector det) {
        err.printf(Locale.ROOT, "eval: %s detector, %d frames, %.2f ms/frame%s%n", det.name(), eval.frames(), eval.detectorMsPerFrame(),
                r.classAgnostic() ? ", class-agnostic (every annotation counts as 'signal')" : "");
        err.printf(Locale.ROOT, "%-14s %6s %6s %6s %7s %7s %9s %7s%s%n", "class", "gt", "dets", "tp", "AP50", "AP50-95",
                String.format(Locale.ROOT, "P@%.2f", r.confidenceThreshold()), "R", multi == null ? "" : "   ML-AP50 ML-AP50-95");
        Map<String, DetectionMetrics.ClassResult> multiByName = new LinkedHashMap<>();
        if (multi != null) for (DetectionMetrics.ClassResult m : multi.classes()) multiByName.put(m.name(), m);
        for (DetectionMetrics.ClassResult c : r.classes()) {
            if (c.groundTruth() == 0 && c.detections() == 0) continue;
            DetectionMetrics.ClassResult m = multiByName.get(c.name());
            err.printf(Locale.ROOT, "%-14s %6d %6d %6d %7s %7s %9.3f %7.3f%s%n", c.name(), c.groundTruth(), c.detections(), c.truePositives(),
                    fmt(c.ap50()), fmt(c.ap50to95()), c.precision(), c.recall(),
                    m == null ? "" : String.format(Locale.ROOT, " %10s %10s", fmt(m.ap50()), fmt(m.ap50to95())));
        }
        err.printf(Locale.ROOT, "%-14s %6d %6d %6d %7.3f %7.3f %9.3f %7.3f%s%n", "all", r.groundTruth(), r.detections(), r.truePositives(),
                r.map50(), r.map50to95(), r.precision(), r.recall(),
                multi == null ? "" : String.format(Locale.ROOT, " %10.3f %10.3f", multi.map50(), multi.map50to95()));
        if (multi != null)
            err.println("eval: AP50/AP50-95 rank each anchor's best class (what the pipeline emits); ML- columns rank every class "
                    + "an anchor scores (multi-label, the YOLOv8 tooling's val protocol)");
        if (r.classAgnostic() && !r.byLabel().isEmpty()) {
            StringBuilder b = new StringBuilder("eval: recall by annotation label:");
            for (DetectionMetrics.LabelRecall l : r.byLabel())
                b.append(String.format(Locale.ROOT, " %s %.3f (%d/%d)", l.label(), l.recall(), l.found(), l.groundTruth()));
            err.println(b);
        }
        if (confusion != null) printConfusion(err, confusion);
        if (r.ignoredGroundTruth() > 0)
            err.printf(Locale.ROOT, "eval: %d ground-truth boxes below the SNR floor ignored%n", r.ignoredGroundTruth());
        if (!eval.unknownLabels().isEmpty())
            err.println("eval: annotation labels the detector has no class for (scored as misses): " + eval.unknownLabels());
    }
}
