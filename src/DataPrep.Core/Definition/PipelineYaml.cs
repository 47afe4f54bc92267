using DataPrep.Definition.Yaml;
using DataPrep.Steps;

namespace DataPrep.Definition;

/// <summary>Writes a <see cref="PipelineDefinition"/> as a pipeline file that <see cref="PipelineLoader"/> loads back.</summary>
public static class PipelineYaml
{
    /// <summary>
    /// The whole file: every setting written out, each step as <c>- name: {...}</c> followed by its <c>id</c>.
    /// Throws when a step's name is not registered or its options are of another type, since the
    /// file would not load.
    /// </summary>
    public static string Serialize(PipelineDefinition definition, StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var step in definition.Steps)
        {
            if (!registry.TryGet(step.Name, out var registration))
                throw new ArgumentException($"step '{step.Id}' uses '{step.Name}', which is not registered", nameof(definition));
            if (step.Options.GetType() != registration.OptionsType)
                throw new ArgumentException(
                    $"step '{step.Id}' has options of type {step.Options.GetType().Name}; '{step.Name}' takes {registration.OptionsType.Name}",
                    nameof(definition));
        }
        return YamlWriter.Write(definition);
    }
}
