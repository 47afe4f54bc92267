namespace DataPrep.Definition;

/// <summary>Collects problems found by <see cref="IValidatableOptions.Validate"/>.</summary>
public sealed class OptionsValidationContext
{
    private readonly List<(string Member, string Code, string Message)> _errors = [];

    public IReadOnlyList<(string Member, string Code, string Message)> Errors => _errors;

    /// <param name="member">The YAML key path relative to the options object, e.g. <c>rules[1].range</c>; empty for the object itself.</param>
    public void Error(string member, string code, string message) => _errors.Add((member, code, message));

    public void BadValue(string member, string message) => Error(member, DiagnosticCodes.BadValue, message);
}
