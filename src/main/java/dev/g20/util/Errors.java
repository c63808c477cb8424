package dev.g20.util;

/** Exceptions as the one line a user or a log reads (no stack trace, no multi-line driver dumps). */
public final class Errors {
    private Errors() {
    }

    /** The exception's message, first line only, or its class name when it has none. */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return (nl >= 0 ? m.substring(0, nl) : m).strip();
    }

    /** {@link #oneLine} of the innermost cause (what actually went wrong, e.g. under a wrapper). */
    public static String rootCause(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return oneLine(e);
    }
}
