namespace DataPrep.Definition;

/// <summary>
/// Options that check their own values after binding. Report every problem through the context;
/// the binder turns member paths into file positions.
/// </summary>
public interface IValidatableOptions
{
    void Validate(OptionsValidationContext context);
}
