package dev.g20.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Class names of a detector model: the {@code names} metadata entry that the YOLOv8 exporter
 * writes (a Python dict literal such as {@code {0: 'cw', 1: 'am'}}), a JSON list or object, or a
 * sidecar file beside the model ({@code MODEL.names.json}/{@code .txt}, with or without the
 * {@code .onnx}); else the shared list when the class count matches; else its first {@code count} names for a model of 9 or more classes; else {@code class0..}.
 */
public final class ModelClassNames {

    private ModelClassNames() {
    }

    /**
     * Parses a names literal: {@code {0: 'a', 1: "b"}}, {@code {"0": "a"}}, {@code ['a', 'b']} or
     * {@code ["a", "b"]}. Dict keys are class ids; gaps become {@code class<id>}.
     *
     * @return the names by class id, or null when the text is none of these forms
     */
    public static List<String> parse(String text) {
        if (text == null) return null;
        try {
            Parser p = new Parser(text.trim());
            List<String> out = p.value();
            p.skipSpace();
            return p.pos == p.s.length() ? out : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** The sidecar files tried for {@code model}, in order. */
    public static List<Path> sidecars(Path model) {
        String name = model.getFileName().toString();
        String base = name.toLowerCase().endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
        return List.of(model.resolveSibling(name + ".names.json"), model.resolveSibling(base + ".names.json"),
                model.resolveSibling(name + ".names.txt"), model.resolveSibling(base + ".names.txt"));
    }

    /**
     * Reads a sidecar: .json holds a list or object as in {@link #parse}; .txt one name per line.
     *
     * @return the names, or null when the file is absent or unreadable as names
     */
    public static List<String> readSidecar(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            String text = Files.readString(file);
            if (file.getFileName().toString().endsWith(".json")) return parse(text);
            List<String> out = new ArrayList<>();
            for (String line : text.split("\\R")) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) out.add(t);
            }
            return out.isEmpty() ? null : out;
        } catch (IOException e) {
            return null;
        }
    }

    /** Names for {@code count} classes when nothing names them: the shared list's first count names (9 or more), else class0.. */
    public static List<String> fallback(int count) {
        // ids are only ever appended: an unnamed model of 9 (the shipped one's) or more classes has the first ones
        if (count >= SignalClasses.NINE.size() && count <= SignalClasses.NAMES.size()) return SignalClasses.NAMES.subList(0, count);
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add("class" + i);
        return out;
    }

    /** A recursive-descent reader for the few literal forms above. */
    private static final class Parser {
        final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++;
        }

        char peek() {
            skipSpace();
            return s.charAt(pos);
        }

        void expect(char c) {
            if (peek() != c) throw new IllegalArgumentException("expected " + c);
            pos++;
        }

        List<String> value() {
            char c = peek();
            if (c == '[') return list();
            if (c == '{') return dict();
            throw new IllegalArgumentException("expected [ or {");
        }

        List<String> list() {
            expect('[');
            List<String> out = new ArrayList<>();
            if (peek() == ']') {
                pos++;
                return out;
            }
            while (true) {
                out.add(string());
                char c = peek();
                pos++;
                if (c == ']') return out;
                if (c != ',') throw new IllegalArgumentException("expected , or ]");
                if (peek() == ']') {
                    pos++;
                    return out;
                }
            }
        }

        List<String> dict() {
            expect('{');
            Map<Integer, String> byId = new TreeMap<>();
            if (peek() == '}') {
                pos++;
                return List.of();
            }
            while (true) {
                int id = key();
                expect(':');
                byId.put(id, string());
                char c = peek();
                pos++;
                if (c == '}') break;
                if (c != ',') throw new IllegalArgumentException("expected , or }");
                if (peek() == '}') {
                    pos++;
                    break;
                }
            }
            int max = byId.isEmpty() ? -1 : ((TreeMap<Integer, String>) byId).lastKey();
            if (max > 100_000) throw new IllegalArgumentException("class id too large");
            List<String> out = new ArrayList<>();
            for (int i = 0; i <= max; i++) out.add(byId.getOrDefault(i, "class" + i));
            return out;
        }

        int key() {
            char c = peek();
            String k = c == '\'' || c == '"' ? string() : bare();
            int id = Integer.parseInt(k.strip());
            if (id < 0) throw new IllegalArgumentException("negative class id");
            return id;
        }

        String bare() {
            skipSpace();
            int start = pos;
            while (pos < s.length() && ",:]}".indexOf(s.charAt(pos)) < 0) pos++;
            String t = s.substring(start, pos).strip();
            if (t.isEmpty()) throw new IllegalArgumentException("empty");
            return t;
        }

        String string() {
            char q = peek();
            if (q != '\'' && q != '"') return bare();
            pos++;
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(pos++);
                if (c == q) return b.toString();
                if (c == '\\') {
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            pos += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }
    }
}
