package org.arcodec.model;

/** One variant of a model as a model of its own, of the same name and weights, with no other variants. */
public record SingleVariant(AutoregressiveModel model, int variant) implements AutoregressiveModel {
    @Override
    public String name() {
        return model.name();
    }

    @Override
    public byte[] weightsSha256() {
        return model.weightsSha256();
    }

    @Override
    public String unsupportedReason(SampleLayout layout) {
        return model.unsupportedReason(layout);
    }

    @Override
    public ConditionalStream open(SampleLayout layout) {
        return model.open(layout, variant);
    }
}
