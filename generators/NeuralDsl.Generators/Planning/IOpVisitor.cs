namespace NeuralDsl.Generators.Planning;

/// <summary>
/// One method per kind of planned pass. Each backend implements it (one file per layer kind), so a new kind of layer
/// does not compile until every backend can emit it.
/// </summary>
internal interface IOpVisitor<out T>
{
    T VisitDense(DenseOp op);

    T VisitConv2D(ConvOp op);

    T VisitPooling(PoolOp op);

    T VisitFlatten(FlattenOp op);

    T VisitDropout(DropoutOp op);

    T VisitActivation(ActivationOp op);

    T VisitAdd(AddOp op);

    T VisitConcatenate(ConcatenateOp op);

    T VisitBatchNormalization(BatchNormalizationOp op);

    T VisitGlobalPooling(GlobalPoolOp op);

    T VisitZeroPadding(ZeroPaddingOp op);

    T VisitRandomFlip(RandomFlipOp op);

    T VisitRandomTranslation(RandomTranslationOp op);
}
