package org.arcodec.models.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhotoPatchesTest {
    @TempDir
    Path dir;

    /** Photograph k is 8x6 with pixel (x, y) = (R, G, B) = (k, x, y). */
    private void writePhotos(int count) throws IOException {
        writePhotos(dir, 0, count);
    }

    private static void writePhotos(Path dir, int from, int count) throws IOException {
        java.nio.file.Files.createDirectories(dir);
        for (int k = from; k < count; k++) {
            BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 8; x++) {
                    image.setRGB(x, y, (k << 16) | (x << 8) | y);
                }
            }
            ImageIO.write(image, "png", dir.resolve(String.format("p%02d.png", k)).toFile());
        }
    }

    @Test
    void everySeventhPhotographFromTheFourthIsHeldOut() throws IOException {
        writePhotos(15);
        PhotoPatches train = PhotoPatches.train(dir);
        PhotoPatches validation = PhotoPatches.validation(dir);
        assertEquals(List.of("p03.png", "p10.png"), validation.names());
        assertEquals(13, train.count());
        assertEquals(13 * 48, train.pixels());
        List<String> all = new ArrayList<>(train.names());
        all.addAll(validation.names());
        assertEquals(15, all.stream().distinct().count());
    }

    @Test
    void severalDirectoriesSplitByNameSoOnePictureStaysInOneSplit() throws IOException {
        writePhotos(dir.resolve("s3"), 0, 15);
        writePhotos(dir.resolve("s1"), 2, 11);   // p02..p10: p03 and p10 held out here too
        List<Path> dirs = List.of(dir.resolve("s3"), dir.resolve("s1"));
        PhotoPatches validation = PhotoPatches.validation(dirs);
        assertEquals(List.of("s3/p03.png", "s3/p10.png", "s1/p03.png", "s1/p10.png"), validation.names());
        PhotoPatches train = PhotoPatches.train(dirs);
        assertEquals(13 + 7, train.count());
        assertTrue(train.names().contains("s1/p02.png") && !train.names().contains("s1/p03.png"), train.names().toString());
    }

    @Test
    void patchesAreCutFromOnePhotographPixelByPixel() throws IOException {
        writePhotos(4);
        PhotoPatches validation = PhotoPatches.validation(dir);   // p03 only
        byte[] patches = validation.sample(50, 3, 3, false, new Random(1));
        for (int n = 0; n < 50; n++) {
            int at = n * 27;
            int left = patches[at + 1];
            int top = patches[at + 2];
            assertTrue(left >= 0 && left <= 5 && top >= 0 && top <= 3, left + "," + top);
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int p = at + (y * 3 + x) * 3;
                    assertEquals(3, patches[p]);
                    assertEquals(left + x, patches[p + 1]);
                    assertEquals(top + y, patches[p + 2]);
                }
            }
        }
    }

    @Test
    void mirroredPatchesRunRightToLeftAndLumaIsRounded() throws IOException {
        writePhotos(4);
        PhotoPatches validation = PhotoPatches.validation(dir);
        byte[] patches = validation.sample(200, 4, 3, true, new Random(2));
        int mirrored = 0;
        for (int n = 0; n < 200; n++) {
            int first = patches[n * 48 + 1];
            int second = patches[n * 48 + 4];
            assertEquals(1, Math.abs(second - first));
            mirrored += second < first ? 1 : 0;
        }
        assertTrue(mirrored > 60 && mirrored < 140, mirrored + " of 200 mirrored");
        assertEquals(0, PhotoPatches.luma(0, 0, 0));
        assertEquals(255, PhotoPatches.luma(255, 255, 255));
        assertEquals(76, PhotoPatches.luma(255, 0, 0));     // 76.245
        assertEquals(150, PhotoPatches.luma(0, 255, 0));    // 149.685
        byte[] gray = validation.sample(1, 6, 1, false, new Random(3));   // all 6 rows, columns left..left+5
        assertEquals(36, gray.length);
        boolean found = false;
        for (int left = 0; left <= 2; left++) {
            boolean all = true;
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    all &= gray[y * 6 + x] == Math.round(0.299 * 3 + 0.587 * (left + x) + 0.114 * y);
                }
            }
            found |= all;
        }
        assertTrue(found, "luma patch matches no position");
    }

    @Test
    void aMissingCorpusSaysHowToBuildIt() {
        IOException e = assertThrows(IOException.class, () -> PhotoPatches.train(dir.resolve("corpus/photos")));
        assertTrue(e.getMessage().contains("build-photo-corpus.sh"), e.getMessage());
        IOException other = assertThrows(IOException.class, () -> PhotoPatches.train(dir.resolve("mine")));
        assertTrue(other.getMessage().endsWith("mine: no such directory"), other.getMessage());
    }
}
