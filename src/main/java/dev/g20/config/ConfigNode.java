package dev.g20.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read into a config record. Remembers which keys were read so that
 * {@link #finish()} can reject unknown keys, and names file and dotted key in every error.
 */
public final class ConfigNode {
    private final String file;
    private final String prefix;
    private final ObjectNode node;
    private final Set<String> read = new HashSet<>();
    private final List<ConfigNode> children = new ArrayList<>();

    public ConfigNode(String file, JsonNode node) {
        this(file, "", node);
    }

    private ConfigNode(String file, String prefix, JsonNode node) {
        this.file = file;
        this.prefix = prefix;
        if (node == null || node.isNull() || node.isMissingNode()) {
            this.node = JsonNodeFactory.instance.objectNode();
        } else if (node instanceof ObjectNode on) {
            this.node = on;
        } else {
            throw new ConfigException(file + ": " + (prefix.isEmpty() ? "top level" : "'" + prefix + "'")
                    + " must be a mapping of key: value, got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
    }

    public String file() {
        return file;
    }

    private String key(String k) {
        return prefix.isEmpty() ? k : prefix + "." + k;
    }

    public ConfigException error(String k, String message) {
        return new ConfigException(file + ": key '" + key(k) + "' " + message);
    }

    private JsonNode take(String k) {
        read.add(k);
        JsonNode v = node.get(k);
        return v == null || v.isNull() ? null : v;
    }

    public ConfigNode child(String k) {
        JsonNode v = take(k);
        ConfigNode c = new ConfigNode(file, key(k), v);
        children.add(c);
        return c;
    }

    public int getInt(String k, int def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(k, "must be an integer, got '" + v.asText() + "'");
        return v.intValue();
    }

    public double getDouble(String k, double def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isNumber()) throw error(k, "must be a number, got '" + v.asText() + "'");
        return v.doubleValue();
    }

    public boolean getBoolean(String k, boolean def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isBoolean()) throw error(k, "must be true or false, got '" + v.asText() + "'");
        return v.booleanValue();
    }

    public String getString(String k, String def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isValueNode()) throw error(k, "must be a string");
        return v.asText();
    }

    /** A string restricted to one of {@code allowed} (case-insensitive); returned lower-case. */
    public String getChoice(String k, String def, List<String> allowed) {
        String s = getString(k, def).toLowerCase(Locale.ROOT);
        if (!allowed.contains(s)) throw error(k, "has unknown value '" + s + "' (expected one of " + String.join(", ", allowed) + ")");
        return s;
    }

    /** A closed set by its wire name (case-insensitive), with getChoice's message for anything else. */
    public <E extends Enum<E> & WireName> E getEnum(String k, E def, Class<E> type) {
        List<String> allowed = WireName.names(type);
        return WireName.parse(type, getChoice(k, def.wireName(), allowed));
    }

    public int[] getIntArray(String k, int[] def) {
        JsonNode v = take(k);
        if (v == null) return def.clone();
        if (!v.isArray()) throw error(k, "must be a list of integers, e.g. [" + def[0] + ", " + def[def.length - 1] + "]");
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber()) throw error(k, "must be a list of integers, got '" + e.asText() + "'");
            out[i] = e.intValue();
        }
        return out;
    }

    /** A list of strings, e.g. {@code [cw/am, psk/qam16]}. */
    public List<String> getStringList(String k, List<String> def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isArray()) throw error(k, "must be a list of strings, e.g. [" + String.join(", ", def) + "]");
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isValueNode() || e.isNull()) throw error(k, "must be a list of strings, got '" + e + "'");
            out.add(e.asText());
        }
        return List.copyOf(out);
    }

    /** A mapping of names to numbers, e.g. {@code {cw: 0.5}}; the whole mapping replaces the default. */
    public Map<String, Double> getDoubleMap(String k, Map<String, Double> def) {
        JsonNode v = take(k);
        if (v == null) return def;
        if (!v.isObject()) throw error(k, "must be a mapping of name: number, e.g. {cw: 0.5}");
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) throw error(k + "." + e.getKey(), "must be a number, got '" + e.getValue().asText() + "'");
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The elements of list {@code k} (empty when absent): each mapping as a child node named
     * {@code k[i]} (checked for unknown keys by finish()), each scalar as its text.
     */
    public List<Object> getList(String k) {
        JsonNode v = take(k);
        if (v == null) return List.of();
        if (!v.isArray()) throw error(k, "must be a list");
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isObject()) {
                ConfigNode c = new ConfigNode(file, key(k) + "[" + i + "]", e);
                children.add(c);
                out.add(c);
            } else if (e.isValueNode() && !e.isNull()) {
                out.add(e.asText());
            } else {
                throw error(k + "[" + i + "]", "must be a mapping or a name, got '" + e + "'");
            }
        }
        return out;
    }

    /** The keys present in this mapping, in file order. */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    public void require(boolean ok, String k, String rule) {
        if (!ok) throw error(k, rule);
    }

    /** Rejects keys that nobody read, here and in every child section. */
    public void finish() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) throw new ConfigException(file + ": unknown key '" + key(k) + "'");
        }
        for (ConfigNode c : children) c.finish();
    }
}
