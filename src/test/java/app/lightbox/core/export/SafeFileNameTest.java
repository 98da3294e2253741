package app.lightbox.core.export;

import app.lightbox.model.SignedUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeFileNameTest {

    @Test
    void ordinaryNamesStayAsTheyAre() {
        assertEquals("image001.png", SafeFileName.sanitize("image001.png"));
        assertEquals("Sonnenuntergang über Bergen.webp", SafeFileName.sanitize("Sonnenuntergang über Bergen.webp"));
        assertEquals("猫の写真.jpg", SafeFileName.sanitize("猫の写真.jpg"));
    }

    @Test
    void traversalAndSeparatorsCannotEscape() {
        String s = SafeFileName.sanitize("../../evil.png");
        assertSafe(s);
        assertTrue(s.endsWith("evil.png"), s);
        assertSafe(SafeFileName.sanitize("a/b\\c.png"));
        assertEquals("a_b_c.png", SafeFileName.sanitize("a/b\\c.png"));
        assertEquals("output", SafeFileName.sanitize(".."));
        assertEquals("output", SafeFileName.sanitize("."));
        assertEquals("output", SafeFileName.sanitize(""));
        assertEquals("output", SafeFileName.sanitize(null));
        assertEquals("output", SafeFileName.sanitize(" . . "));
    }

    @Test
    void windowsSpecialCharactersAndControlCharsAreReplaced() {
        assertEquals("a_b_c_d_e_f_g_h_i.png", SafeFileName.sanitize("a<b>c:d\"e|f?g*h\u0001i.png"));
        assertEquals("tab_name.png", SafeFileName.sanitize("tab\tname.png"));
        assertFalse(SafeFileName.sanitize("photo\u202Egnp.exe").contains("\u202E"));
    }

    @Test
    void trailingDotsAndSpacesAreRemoved() {
        assertEquals("name", SafeFileName.sanitize("name. . "));
        assertEquals("pic.png", SafeFileName.sanitize("pic.png..."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CON", "con.png", "Con.tar.gz", "PRN.txt", "aux", "NUL.jpg", "COM1.png", "com9", "LPT1.mp4", "lpt9.x"})
    void windowsReservedNamesAreEscaped(String name) {
        String s = SafeFileName.sanitize(name);
        assertTrue(s.startsWith("_"), s);
        assertEquals("_" + name, s);
    }

    @Test
    void namesThatMerelyStartLikeReservedOnesAreKept() {
        assertEquals("CONSOLE.png", SafeFileName.sanitize("CONSOLE.png"));
        assertEquals("COM10.png", SafeFileName.sanitize("COM10.png"));
    }

    @Test
    void longNamesAreCutToTheByteLimitKeepingTheExtension() {
        String s = SafeFileName.sanitize("x".repeat(300) + ".png");
        assertTrue(s.endsWith(".png"));
        assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= SafeFileName.MAX_BYTES);
        String u = SafeFileName.sanitize("ü".repeat(300) + ".webp");
        assertTrue(u.endsWith(".webp"));
        assertTrue(u.getBytes(StandardCharsets.UTF_8).length <= SafeFileName.MAX_BYTES);
        String emoji = SafeFileName.sanitize("😀".repeat(120) + ".png");
        assertTrue(emoji.getBytes(StandardCharsets.UTF_8).length <= SafeFileName.MAX_BYTES);
        assertFalse(emoji.contains("\uFFFD"));
        assertEquals(0, emoji.codePoints().filter(cp -> Character.isSurrogate((char) cp)).count());
    }

    @Test
    void numberedNamesKeepTheExtensionAndTheLimit() {
        assertEquals("a (2).png", SafeFileName.numbered("a.png", 2));
        assertEquals("noext (3)", SafeFileName.numbered("noext", 3));
        String longName = SafeFileName.sanitize("y".repeat(300) + ".png");
        String n = SafeFileName.numbered(longName, 12);
        assertTrue(n.endsWith(" (12).png"), n);
        assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= SafeFileName.MAX_BYTES);
    }

    @Test
    void urlNamesArePercentDecodedBeforeSanitizing() {
        assertEquals("a_b.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/a%2Fb.png?sig=1")));
        assertEquals("a_b.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/a%5Cb.png?sig=1")));
        assertEquals("my image.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/my%20image.png?sig=1")));
        assertEquals("über.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/%C3%BCber.png")));
        assertEquals("a+b.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/a+b.png")));
        assertEquals("100%.png", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/100%25.png")));
        assertSafe(SafeFileName.fromUrl(SignedUrl.parse("https://s.example/o/..%2F..%2Fevil.png")));
        assertEquals("output", SafeFileName.fromUrl(SignedUrl.parse("https://s.example/")));
    }

    private static void assertSafe(String s) {
        assertFalse(s.contains("/"), s);
        assertFalse(s.contains("\\"), s);
        assertFalse(s.contains(".."), s);
        assertFalse(s.startsWith("."), s);
        assertFalse(s.isEmpty());
    }
}
