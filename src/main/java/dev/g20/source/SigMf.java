package dev.g20.source;

import dev.g20.util.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A SigMF recording's metadata (.sigmf-meta), read or written. Keeps the original JSON so that
 * {@code process --annotate} can write the input's metadata back with annotations added.
 */
public record SigMf(Path metaFile, ObjectNode json, SampleFormat format, double sampleRateHz, double centerFreqHz,
                    long startTimeNs, long captureSampleStart, List<SigMfAnnotation> annotations) {

    private static final ObjectMapper JSON = Json.JSON;

    /** The data file beside a meta file: X.sigmf-meta -> X.sigmf-data. */
    public static Path dataFileFor(Path meta) {
        return meta.resolveSibling(baseName(meta) + ".sigmf-data");
    }

    /** The meta file beside a data file: X.sigmf-data -> X.sigmf-meta (a meta path is returned as is). */
    public static Path metaFileFor(Path any) {
        return any.resolveSibling(baseName(any) + ".sigmf-meta");
    }

    /** The recording's name without its .sigmf-meta / .sigmf-data extension. */
    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        for (String ext : new String[]{".sigmf-meta", ".sigmf-data"}) {
            if (name.endsWith(ext)) return name.substring(0, name.length() - ext.length());
        }
        return name;
    }

    public Path dataFile() {
        return dataFileFor(metaFile);
    }

    /** Reads and validates a .sigmf-meta file (a .sigmf-data path is accepted too). */
    public static SigMf read(Path file) {
        Path meta = metaFileFor(file);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(meta));
        } catch (NoSuchFileException e) {
            throw new SourceException(meta + ": file not found");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() != null ? e.getLocation().getLineNr() : -1;
            throw new SourceException(meta + ": malformed JSON" + (line > 0 ? " at line " + line : "") + " (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new SourceException(meta + ": cannot read (" + e.getMessage() + ")");
        }
        if (!(root instanceof ObjectNode obj)) throw new SourceException(meta + ": top level must be a JSON object");
        JsonNode global = obj.get("global");
        if (global == null || !global.isObject()) throw new SourceException(meta + ": missing 'global' object");
        JsonNode dt = global.get("core:datatype");
        if (dt == null || !dt.isTextual()) throw new SourceException(meta + ": missing 'global.core:datatype'");
        SampleFormat format = SampleFormat.fromSigmf(dt.asText(), meta.toString());
        JsonNode sr = global.get("core:sample_rate");
        if (sr == null || !sr.isNumber()) throw new SourceException(meta + ": missing or non-numeric 'global.core:sample_rate'");
        double rate = sr.asDouble();
        if (!(rate > 0)) throw new SourceException(meta + ": 'global.core:sample_rate' must be > 0, got " + sr.asText());

        double fc = 0;
        long start = 0;
        long captureStart = 0;
        JsonNode captures = obj.get("captures");
        if (captures != null && captures.isArray() && !captures.isEmpty()) {
            JsonNode c0 = captures.get(0);
            JsonNode f = c0.get("core:frequency");
            if (f != null) {
                if (!f.isNumber()) throw new SourceException(meta + ": 'captures[0].core:frequency' must be a number");
                fc = f.asDouble();
            }
            JsonNode ss = c0.get("core:sample_start");
            if (ss != null) captureStart = ss.asLong();
            JsonNode dtime = c0.get("core:datetime");
            if (dtime != null && dtime.isTextual()) {
                try {
                    Instant t = Instant.parse(dtime.asText());
                    start = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                } catch (DateTimeParseException e) {
                    throw new SourceException(meta + ": 'captures[0].core:datetime' is not ISO-8601: " + dtime.asText());
                }
            }
        }
        List<SigMfAnnotation> anns = new ArrayList<>();
        JsonNode an = obj.get("annotations");
        if (an != null && an.isArray()) {
            int i = 0;
            for (JsonNode a : an) {
                anns.add(annotation(a, meta + ": annotations[" + i + "]"));
                i++;
            }
        }
        return new SigMf(meta, obj, format, rate, fc, start, captureStart, List.copyOf(anns));
    }

    private static SigMfAnnotation annotation(JsonNode a, String where) {
        JsonNode s = a.get("core:sample_start");
        if (s == null || !s.canConvertToLong()) throw new SourceException(where + ": missing 'core:sample_start'");
        JsonNode c = a.get("core:sample_count");
        long count = c == null ? 0 : c.asLong();
        double lo = a.has("core:freq_lower_edge") ? a.get("core:freq_lower_edge").asDouble() : Double.NaN;
        double hi = a.has("core:freq_upper_edge") ? a.get("core:freq_upper_edge").asDouble() : Double.NaN;
        String label = a.has("core:label") ? a.get("core:label").asText() : "";
        Map<String, Object> extras = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getKey().startsWith("core:")) extras.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
        }
        return new SigMfAnnotation(s.asLong(), count, lo, hi, label, extras);
    }

    /** Opens the data file as a streaming source, starting at the capture's sample_start. */
    public FileIqSource open() {
        return new FileIqSource(dataFile(), format, sampleRateHz, centerFreqHz, startTimeNs, metaFile.toString(), captureSampleStart);
    }

    /** Fresh metadata for a recording we write (synth). */
    public static ObjectNode newMeta(SampleFormat format, double sampleRateHz, double centerFreqHz, long startTimeNs, String description) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode g = root.putObject("global");
        g.put("core:datatype", format.sigmfName());
        g.put("core:sample_rate", sampleRateHz);
        g.put("core:version", "1.0.0");
        g.put("core:recorder", "g20");
        if (description != null) g.put("core:description", description);
        ObjectNode cap = root.putArray("captures").addObject();
        cap.put("core:sample_start", 0);
        cap.put("core:frequency", centerFreqHz);
        cap.put("core:datetime", Instant.ofEpochSecond(0, startTimeNs).toString());
        root.putArray("annotations");
        return root;
    }

    /** Writes {@code meta} with its annotations replaced by {@code anns} (sorted by sample_start as SigMF asks). */
    public static void writeMeta(Path file, ObjectNode meta, List<SigMfAnnotation> anns) {
        ObjectNode copy = meta.deepCopy();
        ArrayNode arr = copy.putArray("annotations");
        List<SigMfAnnotation> sorted = new ArrayList<>(anns);
        sorted.sort((x, y) -> Long.compare(x.sampleStart(), y.sampleStart()));
        for (SigMfAnnotation a : sorted) {
            ObjectNode o = arr.addObject();
            o.put("core:sample_start", a.sampleStart());
            o.put("core:sample_count", a.sampleCount());
            o.put("core:freq_lower_edge", a.freqLowerEdge());
            o.put("core:freq_upper_edge", a.freqUpperEdge());
            o.put("core:label", a.label());
            for (var e : a.extras().entrySet()) o.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        try {
            Json.PRETTY.writeValue(file.toFile(), copy);
        } catch (IOException e) {
            throw new SourceException(file + ": cannot write (" + e.getMessage() + ")", e);
        }
    }
}
