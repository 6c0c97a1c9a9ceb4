package io.tenfold.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The base models jobs may name, by name. */
public final class BaseModelCatalog {

    private final Map<String, BaseModel> models = new LinkedHashMap<>();

    public BaseModelCatalog(List<BaseModel> models) {
        models.forEach(m -> this.models.put(m.name(), m));
    }

    /**
     * The catalogue shipped with Tenfold: the models whose weights are inside the jar, and the
     * architectures trained from scratch.
     */
    public static BaseModelCatalog builtIn() {
        return new BaseModelCatalog(List.of(MobileNetV2.shipped(), MobileNetV2.nsfwjs(), new ScratchVgg(),
                new ScratchResNet()));
    }

    public List<String> names() {
        return List.copyOf(models.keySet());
    }

    public BaseModel get(String name) {
        BaseModel model = models.get(name);
        if (model == null) {
            throw new UnknownBaseModelException(name, models.keySet());
        }
        return model;
    }
}
