package org.arcodec.internal.image;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OutputFormatTest {
    @Test
    void formatFollowsTheSuffixIgnoringCase() {
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("a.png")));
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("A.PNG")));
        assertEquals(OutputFormat.BMP, OutputFormat.forFile(Path.of("dir", "a.Bmp")));
        assertEquals(OutputFormat.TIFF, OutputFormat.forFile(Path.of("a.tif")));
        assertEquals(OutputFormat.TIFF, OutputFormat.forFile(Path.of("a.TIFF")));
        assertEquals(OutputFormat.PGM, OutputFormat.forFile(Path.of("a.pgm")));
        assertEquals(OutputFormat.PPM, OutputFormat.forFile(Path.of("a.ppm")));
        assertEquals(OutputFormat.PNM, OutputFormat.forFile(Path.of("a.pnm")));
        assertEquals(OutputFormat.PAM, OutputFormat.forFile(Path.of("a.pam")));
    }

    @Test
    void anyOtherNameIsPng() {
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("image")));
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("image.jpg")));
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("image.arc.out")));
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of("pictures.bmp", "image")));
        assertEquals(OutputFormat.PNG, OutputFormat.forFile(Path.of(".bmp.")));
    }
}
