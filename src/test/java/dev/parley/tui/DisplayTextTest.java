package dev.parley.tui;

import com.googlecode.lanterna.TextCharacter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisplayTextTest {
    private static String shown(String s) {
        return DisplayText.plain(DisplayText.cells(s));
    }

    @Test
    void asciiIsOneColumnPerCharacter() {
        assertEquals(5, DisplayText.width("hello"));
        assertEquals("hello", shown("hello"));
    }

    @Test
    void cjkIsTwoColumns() {
        assertEquals(6, DisplayText.width("日本語"));
        assertEquals(4, DisplayText.width("한글"));
        assertEquals(List.of(2, 2), DisplayText.cells("日本").stream().map(DisplayText.Cell::width).toList());
    }

    @Test
    void combiningMarkComposesIntoOneColumn() {
        assertEquals("é", shown("e\u0301"));
        assertEquals(1, DisplayText.width("e\u0301"));
        assertEquals(4, DisplayText.width("cafe\u0301"));
    }

    @Test
    void aCombiningMarkWithoutPrecomposedFormStaysWithItsLetterInOneColumn() {
        assertEquals(List.of(new DisplayText.Cell("q\u0307", 1)), DisplayText.cells("q\u0307"));
        assertEquals(3, DisplayText.width("aq\u0307\u0323b"));
        // NFC composes e + dot below into ẹ; the acute has no precomposed form with it and stays
        assertEquals(List.of(new DisplayText.Cell("\u1EB9\u0301", 1)), DisplayText.cells("e\u0301\u0323"));
        assertEquals(List.of(new DisplayText.Cell("日\u0307", 2)), DisplayText.cells("日\u0307"), "as wide as its letter");
    }

    @Test
    void atMostFourMarksStayOnALetterAndVariationSelectorsAreNotMarks() {
        String zalgo = "a" + "\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308";
        List<DisplayText.Cell> cells = DisplayText.cells(zalgo + "b");
        assertEquals(2, cells.size());
        assertEquals(1 + DisplayText.MAX_MARKS, cells.get(0).text().codePointCount(0, cells.get(0).text().length()));
        assertEquals("b", cells.get(1).text());
        assertEquals("1", shown("1\uFE0F\u20E3"), "a keycap sequence is not a letter with a mark");
    }

    @Test
    void leadingCombiningMarkAndFormatCharactersTakeNoColumn() {
        assertEquals("ab", shown("\u0301a\u200Bb\u202E"));
    }

    @Test
    void anEmojiWithASkinToneOrJoinedIntoAFamilyIsOneCellOfTwoColumns() {
        assertEquals(2, DisplayText.width("👍"));
        assertEquals(List.of(new DisplayText.Cell("👍🏽", 2)), DisplayText.cells("👍🏽"));
        String family = "👨\u200D👩\u200D👧";
        assertEquals(List.of(new DisplayText.Cell(family, 2)), DisplayText.cells(family));
        assertEquals(List.of(new DisplayText.Cell("a", 1), new DisplayText.Cell("👍🏽", 2), new DisplayText.Cell("b", 1)),
                DisplayText.cells("a👍🏽b"));
    }

    @Test
    void bmpEmojiThatTerminalsDrawWideGetsVs16SoLanternaCountsItWide() {
        assertEquals("✅\uFE0F", shown("✅"));
        assertEquals(2, DisplayText.width("✅"));
    }

    @Test
    void textPresentationSymbolLosesItsVariationSelector() {
        assertEquals("❤", shown("❤\uFE0F"));
        assertEquals(1, DisplayText.width("❤\uFE0F"));
    }

    @Test
    void aFlagIsOneCellOfTwoColumnsAndALoneRegionalIndicatorItsLetter() {
        assertEquals(List.of(new DisplayText.Cell("🇩🇪", 2)), DisplayText.cells("🇩🇪"));
        assertEquals(List.of(new DisplayText.Cell("🇩🇪", 2), new DisplayText.Cell("🇫🇷", 2)),
                DisplayText.cells("🇩🇪🇫🇷"));
        assertEquals("D", shown("🇩"));
    }

    @Test
    void fancyLettersAreFoldedAndUnknownNarrowSupplementaryBecomesReplacement() {
        assertEquals("alice", shown("𝓪𝓵𝓲𝓬𝓮"));
        assertEquals(DisplayText.REPLACEMENT, shown("\uD800\uDC00")); // LINEAR B SYLLABLE B008 A: narrow
    }

    @Test
    void controlCharactersBecomeReplacementAndTabsSpaces() {
        assertEquals("a\uFFFDb c", shown("a\u0007b\tc"));
        assertEquals("a b", shown("a\nb"));
    }

    @Test
    void everyCellIsOneLanternaCharacterOfTheSameWidth() {
        String sample = "abc é q\u0307 日本 한 👍🏽 ✅ ❤\uFE0F 🇩🇪 👨\u200D👩\u200D👧 𝓪 ㄅ ꀀ \u0915\u093F กิ \u0007 ☃ ⚡ 🌡";
        for (DisplayText.Cell c : DisplayText.cells(sample)) {
            TextCharacter tc = Canvas.make(c.text(), Style.NORMAL);
            assertEquals(c.text(), tc.getCharacterString(), "one TextCharacter, whole, for " + c.text());
            assertEquals(c.width() == 2, tc.isDoubleWidth(), "width of " + c.text());
        }
    }

    @Test
    void fitCutsWithAnEllipsisAndNeverSplitsAWideCharacter() {
        assertEquals("dave-wi…", DisplayText.plain(DisplayText.fit("dave-with-a-long-name", 8)));
        assertEquals("short", DisplayText.plain(DisplayText.fit("short", 8)));
        List<DisplayText.Cell> cut = DisplayText.fit("日本語日本語", 6);
        assertEquals("日本…", DisplayText.plain(cut));
        assertTrue(DisplayText.width(cut) <= 6);
    }
}
