package dev.g20.spectrogram.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Where the CUDA shared libraries are looked for and under which names. Directories come first
 * (system property {@value #LIB_DIR_PROPERTY}, env {@value #LIB_DIR_ENV}, both ':'-separated, then
 * $CUDA_HOME/lib64, $CUDA_PATH/lib64, /usr/local/cuda/lib64), then, when {@code systemSearch},
 * the dynamic linker's own search (LD_LIBRARY_PATH, ld.so.cache). Runtime, cuFFT and NVRTC are
 * taken from one release family (CUDA 13 names first, then CUDA 12, then unversioned) so that
 * majors are never mixed. A single library can be pinned with the system properties
 * g20.cuda.driver / g20.cuda.cudart / g20.cuda.cufft / g20.cuda.nvrtc (a path or a soname).
 *
 * @param dirs         directories searched first, in order
 * @param systemSearch whether to fall back to the dynamic linker's search by soname
 */
public record CudaLibraries(List<Path> dirs, boolean systemSearch) {
    public static final String LIB_DIR_PROPERTY = "g20.cuda.libDir";
    public static final String LIB_DIR_ENV = "G20_CUDA_LIB_DIR";

    /** Names of the libraries that ship together in one CUDA release (cuFFT has its own major). */
    record Family(String label, String cudart, List<String> cufft, List<String> nvrtc) {
    }

    static final List<Family> FAMILIES = List.of(
            new Family("CUDA 13", "libcudart.so.13", List.of("libcufft.so.12", "libcufft.so.13"), List.of("libnvrtc.so.13")),
            new Family("CUDA 12", "libcudart.so.12", List.of("libcufft.so.11"), List.of("libnvrtc.so.12")),
            new Family("unversioned", "libcudart.so", List.of("libcufft.so"), List.of("libnvrtc.so")));
    static final List<String> DRIVER_NAMES = List.of("libcuda.so.1", "libcuda.so");

    public CudaLibraries {
        dirs = List.copyOf(dirs);
    }

    /** The default search: configured directories, the usual CUDA install paths, then the system search. */
    public static CudaLibraries fromEnvironment() {
        LinkedHashSet<Path> dirs = new LinkedHashSet<>();
        addDirs(dirs, System.getProperty(LIB_DIR_PROPERTY));
        addDirs(dirs, System.getenv(LIB_DIR_ENV));
        for (String env : List.of("CUDA_HOME", "CUDA_PATH")) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) dirs.add(Path.of(home, "lib64"));
        }
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        return new CudaLibraries(new ArrayList<>(dirs), true);
    }

    /** Only the given directories, no system search (tests use this to force "not found"). */
    public static CudaLibraries onlyIn(Path... dirs) {
        return new CudaLibraries(List.of(dirs), false);
    }

    private static void addDirs(LinkedHashSet<Path> out, String spec) {
        if (spec == null) return;
        for (String s : spec.split(":")) if (!s.isBlank()) out.add(Path.of(s.trim()));
    }

    /** The four opened libraries and what was picked. */
    public record Loaded(SymbolLookup driver, SymbolLookup cudart, SymbolLookup cufft, SymbolLookup nvrtc,
                         String family, List<String> picked) {
    }

    /** Opens the driver, then the first family whose runtime, cuFFT and NVRTC are all found. */
    public Loaded load() {
        List<String> picked = new ArrayList<>();
        SymbolLookup driver = open("driver", DRIVER_NAMES, picked)
                .orElseThrow(() -> new CudaException("no NVIDIA driver (" + String.join(", ", DRIVER_NAMES) + " not found)"));
        List<String> missing = new ArrayList<>();
        for (Family f : FAMILIES) {
            List<String> got = new ArrayList<>();
            Optional<SymbolLookup> rt = open("cudart", List.of(f.cudart()), got);
            if (rt.isEmpty()) {
                missing.add(f.cudart());
                continue;
            }
            Optional<SymbolLookup> fft = open("cufft", f.cufft(), got);
            Optional<SymbolLookup> rtc = open("nvrtc", f.nvrtc(), got);
            if (fft.isPresent() && rtc.isPresent()) {
                picked.addAll(got);
                return new Loaded(driver, rt.get(), fft.get(), rtc.get(), f.label(), picked);
            }
            if (fft.isEmpty()) missing.add(String.join("/", f.cufft()) + " (beside " + f.cudart() + ")");
            if (rtc.isEmpty()) missing.add(String.join("/", f.nvrtc()) + " (beside " + f.cudart() + ")");
        }
        throw new CudaException("CUDA libraries not found: " + String.join(", ", missing) + " in " + where());
    }

    private String where() {
        List<String> w = new ArrayList<>();
        for (Path d : dirs) w.add(d.toString());
        if (systemSearch) w.add("the system library path");
        return String.join(", ", w) + " (set " + LIB_DIR_ENV + " or -D" + LIB_DIR_PROPERTY + ")";
    }

    private Optional<SymbolLookup> open(String key, List<String> names, List<String> picked) {
        String pinned = System.getProperty("g20.cuda." + key);
        List<String> tryNames = pinned != null && !pinned.isBlank() ? List.of(pinned.trim()) : names;
        for (String name : tryNames) {
            if (name.contains("/")) {
                Optional<SymbolLookup> l = tryPath(Path.of(name));
                if (l.isPresent()) {
                    picked.add(name);
                    return l;
                }
                continue;
            }
            for (Path dir : dirs) {
                Path p = dir.resolve(name);
                if (!Files.exists(p)) continue;
                Optional<SymbolLookup> l = tryPath(p);
                if (l.isPresent()) {
                    picked.add(p.toString());
                    return l;
                }
            }
            if (systemSearch) {
                try {
                    SymbolLookup l = SymbolLookup.libraryLookup(name, Arena.global());
                    picked.add(name);
                    return Optional.of(l);
                } catch (IllegalArgumentException notFound) {
                    // next name
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<SymbolLookup> tryPath(Path p) {
        try {
            return Optional.of(SymbolLookup.libraryLookup(p, Arena.global()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
