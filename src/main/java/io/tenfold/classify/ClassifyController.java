package io.tenfold.classify;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.inference.BatchClassification;
import io.tenfold.inference.Classification;
import io.tenfold.inference.ClassifyOptions;
import io.tenfold.system.ImageProperties;
import io.tenfold.system.ServesApi;
import io.tenfold.tta.Merge;
import io.tenfold.tta.TtaPolicies;
import io.tenfold.validation.InvalidFieldException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Classification with test-time augmentation, on the models of {@code /api/v1/models}. */
@RestController
@ServesApi
@RequestMapping("/api/v1/models")
@Tag(name = "Models")
class ClassifyController {

    private final ClassifierService classifier;
    private final long maxImageBytes;

    ClassifyController(ClassifierService classifier, ImageProperties images) {
        this.classifier = classifier;
        this.maxImageBytes = images.maxBytes().toBytes();
    }

    @PostMapping(path = "/{ref}/classify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Classify an image",
            description = "Runs every view of the TTA policy through the network as one batch and merges the "
                    + "softmax outputs. center: 1 view (resize the short side, centre crop); flip: the centre crop "
                    + "and its mirror; five-crop: the four corner crops and the centre crop; ten-crop: those and "
                    + "their mirrors; multi-scale: ten-crop at each scale (ResNet's 224, 256, 384, 480, 640 for a "
                    + "224 input by default, or scales=); dense: one fully convolutional pass over the whole resized "
                    + "image, every window position of the head is a view (400 for a model that does not support "
                    + "it); dense-global: the same pass, pooled over the whole map. See docs/tta.md.")
    Classification classify(@PathVariable String ref, @RequestPart("image") MultipartFile image,
            @Parameter(description = "center, flip, five-crop, ten-crop, multi-scale, dense or dense-global")
            @RequestParam(defaultValue = "ten-crop") String tta,
            @Parameter(description = "mean (of the softmax outputs), geomean (geometric mean, renormalised) or max "
                    + "(element-wise, renormalised)") @RequestParam(defaultValue = "mean") String merge,
            @Parameter(description = "multi-scale only: short sides in pixels, e.g. 256,384; each at least the "
                    + "model's input size and at most 4 times it") @RequestParam(required = false) String scales,
            @RequestParam(defaultValue = "5") int topK,
            @Parameter(description = "also return each view's top class") @RequestParam(defaultValue = "false")
            boolean perView,
            @Parameter(description = "classify a damaged image (a truncated JPEG, a PNG with a bad checksum) as far "
                    + "as it can be read, instead of refusing it with 422") @RequestParam(defaultValue = "false")
            boolean lenient) throws IOException {
        ClassifyOptions options = options(tta, scales, merge, topK, perView);
        if (image.getSize() > maxImageBytes) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                    "image is %d bytes; the limit is %d".formatted(image.getSize(), maxImageBytes));
        }
        if (image.isEmpty()) {
            throw new InvalidFieldException("image", "the upload is empty");
        }
        return classifier.classify(ref, image.getBytes(), options, lenient);
    }

    @PostMapping(path = "/{ref}/classify/batch", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Classify several images",
            description = "One result per images part, in order, each as from /classify; the views of all images "
                    + "share forward passes of a bounded size. At most tenfold.inference.max-batch-images images "
                    + "(32) and max-views-per-request views (320) per request, else 400.")
    BatchClassification classifyBatch(@PathVariable String ref, @RequestPart("images") List<MultipartFile> images,
            @RequestParam(defaultValue = "ten-crop") String tta, @RequestParam(defaultValue = "mean") String merge,
            @RequestParam(required = false) String scales, @RequestParam(defaultValue = "5") int topK,
            @RequestParam(defaultValue = "false") boolean perView,
            @RequestParam(defaultValue = "false") boolean lenient) throws IOException {
        ClassifyOptions options = options(tta, scales, merge, topK, perView);
        List<byte[]> bytes = new ArrayList<>(images.size());
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).getSize() > maxImageBytes) {
                throw new ImageRejectedException(ImageRejectedException.Reason.TOO_LARGE,
                        "images[%d]: image is %d bytes; the limit is %d".formatted(i, images.get(i).getSize(),
                                maxImageBytes));
            }
            if (images.get(i).isEmpty()) {
                throw new InvalidFieldException("images", "images[%d] is empty".formatted(i));
            }
            bytes.add(images.get(i).getBytes());
        }
        return classifier.classifyBatch(ref, bytes, options, lenient);
    }

    /** The classification parameters, checked before the model is looked up. */
    private static ClassifyOptions options(String tta, String scales, String merge, int topK, boolean perView) {
        return new ClassifyOptions(TtaPolicies.parse(tta, scales), Merge.byName(merge), topK, perView);
    }
}
