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
 * A received name that is one of Parley's own ({@link #reserved}) gets a {@code _} in front.
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
        if (reserved(s)) {
            s = "_" + s; // never one of our own partial files or notes
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
            throw new BadName("a name over " + MAX_COMPONENT_BYTES + " bytes");
        }
        return s;
    }

    /**
     * Whether a name is one Parley gives its own files in a destination: a partial file
     * ({@code .name.parley-part}) or a resume note as earlier versions kept them ({@code .parley-resume-...}).
     * A received name that is one gets a {@code _} in front.
     */
    static boolean reserved(String name) {
        return name.startsWith(RESUME_PREFIX) || name.endsWith(PART_SUFFIX);
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

    /**
     * The name resume notes had when earlier versions kept them in the destination; a received name that
     * starts so is renamed ({@link #reserved}). Notes are now kept in the state folder, where no peer writes.
     */
    static final String RESUME_PREFIX = ".parley-resume-";
    /** A note is two names and its folder; anything longer is not one of ours. */
    private static final long MAX_NOTE_BYTES = 2L * (MAX_COMPONENT_BYTES + 1) + MAX_PATH_BYTES;
    /** At most this many notes are looked at by one {@link #leftovers} (the state folder is ours, but bounded). */
    static final int MAX_NOTES_SCANNED = 10_000;

    /**
     * The name of the resume note for a file as offered by a peer and accepted into {@code dir} (a real
     * path): a hash of the peer's fingerprint, the file's path, size and modification time as offered (the
     * design's transfer identity) and the destination, so that the same file offered again by the same peer
     * into the same folder, in this run or a later one, finds its partial file, and nothing else does.
     * The note itself lies in the state folder ({@code resume/} there), which peers cannot write to: a note
     * found there was written by us, for this peer (the name says so), and names a partial file we created.
     */
    static String resumeNoteName(String peer, String wirePath, long size, long mtimeMillis, Path dir) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update("parley resume v2\0".getBytes(StandardCharsets.UTF_8));
            md.update(peer.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(wirePath.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(dir.toString().getBytes(StandardCharsets.UTF_8));
            md.update(java.nio.ByteBuffer.allocate(16).putLong(size).putLong(mtimeMillis).array());
            return "resume-" + java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    /** A partial file found again: where it is, its final name, how many bytes it holds, its note. */
    record Resumable(Placed placed, long offset, Path note) {}

    /**
     * The partial file a resume note ({@code notes/noteName}) names in {@code dir} (a real path), if it is
     * there, is a regular file (not a symlink) inside {@code dir}, and is not longer than {@code size}; else
     * null. Reads at most one small file; never follows a link.
     */
    static Resumable findResumable(Path notes, String noteName, Path dir, long size) throws IOException {
        Path note = notes.resolve(noteName);
        List<String> lines = readNote(note);
        if (lines == null) {
            return null;
        }
        Path part = dir.resolve(lines.get(0));
        java.nio.file.attribute.BasicFileAttributes pa;
        try {
            pa = Files.readAttributes(part, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (!pa.isRegularFile() || pa.size() > size || !inside(dir, part)
                || (lines.size() == 3 && !lines.get(2).equals(dir.toString()))) {
            return null;
        }
        return new Resumable(new Placed(part, dir, lines.get(1)), pa.size(), note);
    }

    /**
     * A note's two names (a partial file's and its final one) and, in notes written since they say it, the
     * real path of its download folder; or null: no note, or not one of ours.
     */
    private static List<String> readNote(Path note) throws IOException {
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
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        if (lines.size() == 3 && !isFolder(lines.get(2))) {
            return null;
        }
        if (lines.size() < 2 || lines.size() > 3 || !isOwnName(lines.get(0)) || !lines.get(0).startsWith(".")
                || !lines.get(0).endsWith(PART_SUFFIX) || !isOwnName(lines.get(1))) {
            return null;
        }
        return lines;
    }

    /** A folder line: an absolute path, normalised, without a NUL. */
    private static boolean isFolder(String line) {
        try {
            Path p = Path.of(line);
            return p.isAbsolute() && p.normalize().toString().equals(line);
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** A name that is one safe component as it stands (so it cannot point anywhere else). */
    private static boolean isOwnName(String name) {
        try {
            String c = component(name);
            return (c.equals(name) || c.equals("_" + name)) && name.indexOf('/') < 0;
        } catch (BadName e) {
            return false;
        }
    }

    /**
     * Writes the resume note for a placed partial file in {@code notes} (created if need be), unless a note
     * of that name names a partial file that is still there (another transfer of the same file holds it: it
     * keeps its note). A note whose partial file is gone is replaced. Returns the note, or null when none
     * was written.
     */
    static Path writeResumeNote(Path notes, String noteName, Placed p) throws IOException {
        Files.createDirectories(notes);
        Path note = notes.resolve(noteName);
        byte[] content = (p.part().getFileName() + "\n" + p.name() + "\n" + p.dir()).getBytes(StandardCharsets.UTF_8);
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.write(note, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
                return note;
            } catch (FileAlreadyExistsException e) {
                List<String> lines = readNote(note);
                if (lines != null && Files.exists(p.dir().resolve(lines.get(0)), LinkOption.NOFOLLOW_LINKS)) {
                    return null; // another transfer's note
                }
                Files.deleteIfExists(note); // a stale one (a symlink is removed, not followed)
            }
        }
        return null;
    }

    /**
     * Removes a resume note if it still names {@code own}'s partial file (another transfer of the same file
     * may have written its own since); returns whether it did.
     */
    static boolean deleteResumeNote(Path note, Placed own) throws IOException {
        List<String> lines = readNote(note);
        if (lines == null || own == null || !lines.get(0).equals(own.part().getFileName().toString())) {
            return false;
        }
        return Files.deleteIfExists(note);
    }

    /**
     * A partial file left by an earlier transfer, as its note names it: the note, the partial file (a regular
     * file, in the note's own folder), its size and when the note was last written.
     */
    record Leftover(Path note, Path part, long size, long noteMillis) {}

    /**
     * The partial files the notes in {@code notes} name, each only if the note says its folder (a real path
     * that is still one: no symlink on the way), and the file it names there is a hidden {@code .parley-part}
     * regular file (not a symlink) inside that folder. Never follows a link; looks at most at
     * {@link #MAX_NOTES_SCANNED} notes. No notes folder: none.
     */
    static List<Leftover> leftovers(Path notes) throws IOException {
        List<Leftover> out = new ArrayList<>();
        if (notes == null || !Files.isDirectory(notes, LinkOption.NOFOLLOW_LINKS)) {
            return out;
        }
        int seen = 0;
        try (var in = Files.newDirectoryStream(notes)) {
            for (Path note : in) {
                if (++seen > MAX_NOTES_SCANNED) {
                    break;
                }
                Leftover l = leftover(note);
                if (l != null) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** The partial file one note names, checked as {@link #leftovers} says, or null. */
    private static Leftover leftover(Path note) {
        try {
            if (!note.getFileName().toString().startsWith("resume-")) {
                return null;
            }
            List<String> lines = readNote(note);
            if (lines == null || lines.size() != 3) {
                return null; // not ours, or written before notes said their folder: left alone
            }
            Path dir = Path.of(lines.get(2));
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !dir.toRealPath().equals(dir)) {
                return null;
            }
            Path part = dir.resolve(lines.get(0));
            var pa = Files.readAttributes(part, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!pa.isRegularFile() || !inside(dir, part)) {
                return null;
            }
            long at = Files.getLastModifiedTime(note, LinkOption.NOFOLLOW_LINKS).toMillis();
            return new Leftover(note, part, pa.size(), at);
        } catch (IOException | RuntimeException e) {
            return null; // gone meanwhile, or unreadable: nothing to say about it
        }
    }

    /**
     * Deletes a leftover partial file and then its note, after checking again that the note still names
     * it and it is still a regular file (a symlink put there meanwhile is not deleted, nor its target).
     * Returns whether the partial file was deleted.
     */
    static boolean removeLeftover(Leftover l) throws IOException {
        Leftover now = leftover(l.note());
        if (now == null || !now.part().equals(l.part())) {
            return false;
        }
        Files.delete(l.part());
        Files.deleteIfExists(l.note());
        return true;
    }

    /** Whether {@code p}, resolved on disk, is inside {@code root} (itself resolved). */
    static boolean inside(Path root, Path p) throws IOException {
        return p.toRealPath(LinkOption.NOFOLLOW_LINKS).startsWith(root) && p.toRealPath().startsWith(root);
    }
}
