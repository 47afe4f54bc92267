namespace DataPrep.Steps;

/// <summary>A step name, its options type and how to build it.</summary>
public sealed record StepRegistration(string Name, Type OptionsType, Func<object, string, IStep> Create);
