package dev.g20.detect;

/** One detected signal in one frame, in canonical box space. */
public record Detection(Box box, int classId, String className, double confidence) {
}
