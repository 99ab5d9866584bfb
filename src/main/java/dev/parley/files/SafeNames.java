package dev.parley.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Received names made safe, and files placed without ever leaving the destination or replacing anything
 * (docs/SECURITY.md, "File transfer"). A path from a peer is '/'-separated and relative; each component is
 * NFC-normalised and stripped of control and format characters (bidi overrides among them), and a path
 * that is absolute, has an empty, {@code .} or {@code ..} component, a NUL, a component over 255 bytes or
 * more than 4096 bytes in all is refused. Placing creates every directory itself (so nothing in the tree
 * is a symlink) and every file with {@code CREATE_NEW}; a name already taken becomes {@code name (1).ext}.
 * Stateless and thread-safe.
 */
final class SafeNames {
    static final int MAX_COMPONENT_BYTES = 255;
    static final int MAX_PATH_BYTES = 4096;
    static final String PART_SUFFIX = ".parley-part";
    /** How many clash names ({@code name (1)} ... ) are tried before giving up. */
    static final int MAX_CLASH = 1000;

    /** A name that cannot be received, with why. */
    static final class BadName extends Exception {
        BadName(String message) {
            super(message);
        }
    }

    private SafeNames() {}

    /** The safe components of a path as a peer sent it. */
    static List<String> components(String wirePath) throws BadName {
        if (wirePath.isEmpty()) {
            throw new BadName("empty path");
        }
        if (wirePath.indexOf('\0') >= 0) {
            throw new BadName("NUL in a path");
        }
        if (wirePath.startsWith("/") || wirePath.startsWith("\\") || (wirePath.length() >= 2 && wirePath.charAt(1) == ':')) {
            throw new BadName("absolute path");
        }
        if (wirePath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new BadName("path over " + MAX_PATH_BYTES + " bytes");
        }
        List<String> out = new ArrayList<>();
        for (String raw : wirePath.split("/", -1)) {
            out.add(component(raw));
        }
        return out;
    }

    /** One component made safe, or refused. */
    static String component(String raw) throws BadName {
        if (raw.equals(".") || raw.equals("..")) {
            throw new BadName("'" + raw + "' in a path");
        }
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        StringBuilder b = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.PRIVATE_USE && cp > 0xFFFF) {
                continue;
            }
            b.appendCodePoint(cp == '\\' ? '_' : cp);
        }
        String s = b.toString().strip();
        // stripping may have joined what NFC had kept apart: normalise again
        s = Normalizer.normalize(s, Normalizer.Form.NFC);
        if (s.isEmpty()) {
            throw new BadName("an empty name in a path");
        }
        if (s.equals(".") || s.equals("..")) {
            throw new BadName("'" + s + "' in a path");
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            throw new BadName("a name over " + MAX_COMPONENT_BYTES + " bytes");
        }
        return s;
    }

    /** {@code name (k).ext} for k > 0 (the extension is what follows the last dot not at the start). */
    static String clashName(String name, int k) {
        if (k == 0) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String tag = " (" + k + ")";
        String out = dot > 0 ? name.substring(0, dot) + tag + name.substring(dot) : name + tag;
        if (out.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) { // make room for the tag
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String ext = dot > 0 ? name.substring(dot) : "";
            int over = out.getBytes(StandardCharsets.UTF_8).length - MAX_COMPONENT_BYTES;
            while (over > 0 && !stem.isEmpty()) {
                int cp = stem.codePointBefore(stem.length());
                over -= new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
                stem = stem.substring(0, stem.length() - Character.charCount(cp));
            }
            out = stem + tag + ext;
        }
        return out;
    }

    /** The hidden partial file for a final name in the same directory. */
    static String partName(String name) {
        String p = "." + name + PART_SUFFIX;
        if (p.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            // keep it in the limit: the start of the name is enough to recognise it
            String stem = name;
            while (("." + stem + PART_SUFFIX).getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                stem = stem.substring(0, stem.offsetByCodePoints(stem.length(), -1));
            }
            p = "." + stem + PART_SUFFIX;
        }
        return p;
    }

    /** A directory created under {@code parent}, renamed on a clash; never follows or reuses what was there. */
    static Path createDirectory(Path parent, String name) throws IOException {
        for (int k = 0; k < MAX_CLASH; k++) {
            Path p = parent.resolve(clashName(name, k));
            try {
                return Files.createDirectory(p); // mkdir: fails on anything already there, a symlink too
            } catch (FileAlreadyExistsException e) {
                // next name
            }
        }
        throw new FileAlreadyExistsException(parent.resolve(name).toString(), null, "too many names taken");
    }

    /** A placed file: where it is written while arriving, and the name it gets once verified. */
    record Placed(Path part, Path dir, String name) {}

    /**
     * Creates the hidden partial file for {@code name} in {@code dir} ({@code CREATE_NEW}, so never an
     * existing file or a symlink's target), choosing {@code name (k)} while the name or its partial file is
     * taken.
     */
    static Placed createPart(Path dir, String name) throws IOException {
        for (int k = 0; k < MAX_CLASH; k++) {
            String n = clashName(name, k);
            if (Files.exists(dir.resolve(n), LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            Path part = dir.resolve(partName(n));
            try {
                Files.newByteChannel(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS).close();
                return new Placed(part, dir, n);
            } catch (FileAlreadyExistsException e) {
                // next name
            }
        }
        throw new FileAlreadyExistsException(dir.resolve(name).toString(), null, "too many names taken");
    }

    /**
     * Gives a verified partial file its final name without replacing anything: a hard link (which fails
     * if the name exists) then the partial name removed; where links are not supported, a move that
     * refuses an existing target. A name taken meanwhile becomes {@code name (k)}. Returns the final path.
     */
    static Path publish(Placed p) throws IOException {
        for (int k = 0; k < MAX_CLASH; k++) {
            Path target = p.dir().resolve(k == 0 ? p.name() : clashName(p.name(), k));
            try {
                try {
                    Files.createLink(target, p.part());
                    Files.delete(p.part());
                } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
                    if (e instanceof FileAlreadyExistsException f) {
                        throw f;
                    }
                    Files.move(p.part(), target); // no REPLACE_EXISTING: refuses an existing target
                }
                return target;
            } catch (FileAlreadyExistsException e) {
                // next name
            }
        }
        throw new FileAlreadyExistsException(p.dir().resolve(p.name()).toString(), null, "too many names taken");
    }

    // ---- resume after a restart

    /** The hidden note beside a kept partial file that lets a later run find it again. */
    static final String RESUME_PREFIX = ".parley-resume-";
    /** A note is two names; anything longer is not one of ours. */
    private static final long MAX_NOTE_BYTES = 2L * (MAX_COMPONENT_BYTES + 1);

    /**
     * The name of the resume note for a file as offered by a peer: a hash of the peer's fingerprint and
     * the file's path, size and modification time as offered (the design's transfer identity), so that the
     * same file offered again by the same peer, in this run or a later one, finds its partial file, and
     * nothing else does.
     */
    static String resumeNoteName(String peer, String wirePath, long size, long mtimeMillis) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update("parley resume v1\0".getBytes(StandardCharsets.UTF_8));
            md.update(peer.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(wirePath.getBytes(StandardCharsets.UTF_8));
            md.update(java.nio.ByteBuffer.allocate(16).putLong(size).putLong(mtimeMillis).array());
            return RESUME_PREFIX + java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** A partial file found again: where it is, its final name, how many bytes it holds, its note. */
    record Resumable(Placed placed, long offset, Path note) {}

    /**
     * The partial file a resume note in {@code dir} (a real path) names, if it is there, is a regular file
     * (not a symlink) inside {@code dir}, and is not longer than {@code size}; else null. Reads at most one
     * small file; never follows a link.
     */
    static Resumable findResumable(Path dir, String noteName, long size) throws IOException {
        Path note = dir.resolve(noteName);
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(note, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (!a.isRegularFile() || a.size() > MAX_NOTE_BYTES) {
            return null;
        }
        List<String> lines;
        try (var in = Files.newInputStream(note, LinkOption.NOFOLLOW_LINKS)) {
            lines = List.of(new String(in.readNBytes((int) MAX_NOTE_BYTES), StandardCharsets.UTF_8).split("\n"));
        }
        if (lines.size() != 2 || !isOwnName(lines.get(0)) || !lines.get(0).startsWith(".")
                || !lines.get(0).endsWith(PART_SUFFIX) || !isOwnName(lines.get(1))) {
            return null;
        }
        Path part = dir.resolve(lines.get(0));
        java.nio.file.attribute.BasicFileAttributes pa;
        try {
            pa = Files.readAttributes(part, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (!pa.isRegularFile() || pa.size() > size || !inside(dir, part)) {
            return null;
        }
        return new Resumable(new Placed(part, dir, lines.get(1)), pa.size(), note);
    }

    /** A name that is one safe component as it stands (so it cannot point anywhere else). */
    private static boolean isOwnName(String name) {
        try {
            return component(name).equals(name) && name.indexOf('/') < 0;
        } catch (BadName e) {
            return false;
        }
    }

    /** Writes the resume note for a placed partial file (replacing a stale note of the same name). */
    static Path writeResumeNote(String noteName, Placed p) throws IOException {
        Path note = p.dir().resolve(noteName);
        Files.deleteIfExists(note); // a stale one whose partial file is gone (a symlink is removed, not followed)
        Files.write(note, (p.part().getFileName() + "\n" + p.name()).getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return note;
    }

    /** Whether {@code p}, resolved on disk, is inside {@code root} (itself resolved). */
    static boolean inside(Path root, Path p) throws IOException {
        return p.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(root) && p.toRealPath().startsWith(root);
    }
}
