package io.tenfold.tta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.graph.DenseEvaluator;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.image.Preprocessing;
import io.tenfold.image.View;
import io.tenfold.image.Warp;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The geometry of every view policy: exact crop origins, order, mirrors, scales and counts. */
class ViewPolicyTest {

    /** 8x8 crops, short side resized to 10. */
    private static final Preprocessing SMALL = new Preprocessing(8, 10, new float[3], new float[] {1, 1, 1});
    private static final Preprocessing RESNET = Preprocessing.unitRange(224);

    @Test
    void centerIsOneCentredCrop() {
        assertThat(new CenterCrop().plan(10, 12, SMALL)).containsExactly(new View(10, 1, 2, 8, false));
        // 640x480 -> 341x256 at S=256 (224 crops): x = (341-224)/2 = 58, y = 16
        assertThat(new CenterCrop().plan(640, 480, RESNET)).containsExactly(new View(256, 58, 16, 224, false));
    }

    @Test
    void flipIsTheCentreCropAndItsMirror() {
        List<View> views = new Flip().plan(10, 12, SMALL);
        assertThat(views).containsExactly(new View(10, 1, 2, 8, false), new View(10, 1, 2, 8, true));
        BufferedImage image = coordinates(10, 12);
        List<BufferedImage> cut = new Flip().views(image, SMALL);
        assertThat(pixels(cut.get(1))).containsExactly(pixels(Warp.flipHorizontal(cut.get(0))));
        assertThat(origin(cut.get(1))).containsExactly(8, 2); // the mirror's top-left is the crop's top-right
    }

    @Test
    void fiveCropIsCornersThenCentre() {
        assertThat(new FiveCrop().plan(10, 12, SMALL)).containsExactly(
                new View(10, 0, 0, 8, false), new View(10, 2, 0, 8, false), new View(10, 0, 4, 8, false),
                new View(10, 2, 4, 8, false), new View(10, 1, 2, 8, false));
        List<BufferedImage> cut = new FiveCrop().views(coordinates(10, 12), SMALL);
        assertThat(cut).hasSize(5);
        assertThat(origin(cut.get(3))).containsExactly(2, 4);
    }

    @Test
    void tenCropIsFiveCropThenTheirMirrorsInTheSameOrder() {
        List<View> five = new FiveCrop().plan(10, 12, SMALL);
        List<View> ten = new TenCrop().plan(10, 12, SMALL);
        assertThat(ten).hasSize(10);
        assertThat(ten.subList(0, 5)).isEqualTo(five);
        for (int i = 0; i < 5; i++) {
            assertThat(ten.get(5 + i)).isEqualTo(new View(10, five.get(i).x(), five.get(i).y(), 8, true));
        }
    }

    @Test
    void multiScaleDefaultsToResnetScalesProportionalToTheInputSize() {
        assertThat(MultiScale.resnet().scalesFor(224)).containsExactly(224, 256, 384, 480, 640);
        // 299 * s / 224, rounded: 299, 341.7, 512.6, 640.7, 854.3
        assertThat(MultiScale.resnet().scalesFor(299)).containsExactly(299, 342, 513, 641, 854);
        assertThat(MultiScale.resnet().viewCount()).isEqualTo(50);
    }

    @Test
    void multiScaleIsTenCropAtEachScaleInOrder() {
        MultiScale policy = MultiScale.fixed(List.of(256, 384));
        List<View> views = policy.plan(640, 480, RESNET);
        assertThat(views).hasSize(20).hasSize(policy.viewCount());
        assertThat(views.subList(0, 10)).isEqualTo(new TenCrop().plan(640, 480, RESNET));
        // at 384: the image becomes 512x384; corners at x 0 and 288, y 0 and 160; centre (144, 80)
        assertThat(views.subList(10, 15)).containsExactly(
                new View(384, 0, 0, 224, false), new View(384, 288, 0, 224, false), new View(384, 0, 160, 224, false),
                new View(384, 288, 160, 224, false), new View(384, 144, 80, 224, false));
        assertThat(views.subList(15, 20)).allMatch(View::mirrored);
        assertThat(views.get(10).describe()).isEqualTo("crop 0,0 224x224 @384");
        assertThat(views.get(19).describe()).isEqualTo("mirror crop 144,80 224x224 @384");
    }

    @Test
    void scalesAreCheckedWhenBuiltAndAgainstTheModel() {
        assertThatThrownBy(() -> MultiScale.fixed(List.of())).isInstanceOfSatisfying(InvalidFieldException.class,
                e -> assertThat(e.field()).isEqualTo("scales"));
        assertThatThrownBy(() -> MultiScale.fixed(List.of(256, 256))).hasMessageContaining("differ");
        assertThatThrownBy(() -> MultiScale.fixed(List.of(1, 2, 3, 4, 5, 6, 7))).hasMessageContaining("at most 6");
        assertThatThrownBy(() -> MultiScale.fixed(List.of(0))).hasMessageContaining("positive");
        assertThatThrownBy(() -> MultiScale.fixed(List.of(200, 256)).checkFor(RESNET))
                .isInstanceOf(InvalidFieldException.class).hasMessageContaining("scale 200 is outside 224..896");
        assertThatThrownBy(() -> MultiScale.fixed(List.of(900)).checkFor(RESNET)).hasMessageContaining("900");
        MultiScale.fixed(List.of(224, 896)).checkFor(RESNET);
    }

    @Test
    void everyPolicyCountsItsViews() {
        BufferedImage image = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        for (TtaPolicy policy : List.of(new CenterCrop(), new Flip(), new FiveCrop(), new TenCrop(),
                MultiScale.fixed(List.of(8, 12, 16)))) {
            ViewPolicy views = (ViewPolicy) policy;
            List<BufferedImage> cut = views.views(image, SMALL);
            assertThat(cut).as(policy.name()).hasSize(views.viewCount())
                    .allSatisfy(v -> assertThat(v.getWidth() * 100 + v.getHeight()).isEqualTo(808));
        }
        assertThat(new CenterCrop().viewCount()).isEqualTo(1);
        assertThat(new Flip().viewCount()).isEqualTo(2);
        assertThat(new FiveCrop().viewCount()).isEqualTo(5);
        assertThat(new TenCrop().viewCount()).isEqualTo(10);
        assertThat(MultiScale.fixed(List.of(8, 12, 16)).viewCount()).isEqualTo(30);
    }

    @Test
    void extremePanoramasAreRejectedBeforeResizing() {
        assertThatThrownBy(() -> MultiScale.resnet().plan(64_000, 640, RESNET))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageRejectedException.Reason.TOO_LARGE));
    }

    @Test
    void densePreparesTheWholeImageWithTheLongSideBounded() {
        BufferedImage wide = new BufferedImage(100, 10, BufferedImage.TYPE_INT_RGB);
        BufferedImage prepared = new Dense().prepare(wide, SMALL);
        assertThat(prepared.getHeight()).isEqualTo(10);
        assertThat(prepared.getWidth()).isEqualTo(40); // 100 at short side 10, cut to 4 x 10
        BufferedImage square = new Dense().prepare(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB), SMALL);
        assertThat(square.getWidth()).isEqualTo(10);
        DenseEvaluator.Window trained = new DenseEvaluator.Window(7, 7);
        assertThat(new Dense().window(trained, 8, 10)).isEqualTo(trained);
        assertThat(new DenseGlobalPool().window(trained, 8, 10)).isEqualTo(new DenseEvaluator.Window(8, 10));
    }

    @Test
    void policiesAreFoundByNameWithTheirParameters() {
        assertThat(TtaPolicies.names())
                .containsExactly("center", "flip", "five-crop", "ten-crop", "multi-scale", "dense", "dense-global");
        for (String name : TtaPolicies.names()) {
            assertThat(TtaPolicies.byName(name).name()).isEqualTo(name);
        }
        assertThat(TtaPolicies.parse("multi-scale", null)).isEqualTo(MultiScale.resnet());
        assertThat(TtaPolicies.parse("multi-scale", " 256, 384")).isEqualTo(MultiScale.fixed(List.of(256, 384)));
        assertThatThrownBy(() -> TtaPolicies.parse("multi-scale", "256,big"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("scales"))
                .hasMessageContaining("'big'");
        assertThatThrownBy(() -> TtaPolicies.parse("ten-crop", "256"))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("scales"));
        assertThatThrownBy(() -> TtaPolicies.parse("twelve-crop", null))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("tta"))
                .hasMessageContaining("multi-scale").hasMessageContaining("dense");
    }

    /** Red = x, green = y. */
    static BufferedImage coordinates(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, (x << 16) | (y << 8));
            }
        }
        return image;
    }

    static int[] origin(BufferedImage view) {
        int rgb = view.getRGB(0, 0);
        return new int[] {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF};
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
