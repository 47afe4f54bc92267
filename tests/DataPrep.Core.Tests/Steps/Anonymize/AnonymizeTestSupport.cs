using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Definition;
using DataPrep.Steps;
using DataPrep.Steps.Anonymize;
using DataPrep.Tests.Support;

namespace DataPrep.Tests.Steps.Anonymize;

/// <summary>Builds anonymize steps from YAML and small string batches.</summary>
internal static class AnonymizeTestSupport
{
    public const string KeyVariable = "DATAPREP_TEST_ANON_KEY";

    static AnonymizeTestSupport() => Environment.SetEnvironmentVariable(KeyVariable, "test-key-0123456789-abcdefghij");

    public static void EnsureKey() => Environment.GetEnvironmentVariable(KeyVariable).Should().NotBeNull();

    public static AnonymizeStep Step(string yaml, Schema schema)
    {
        EnsureKey();
        var bound = OptionsYaml.Bind<AnonymizeOptions>(yaml);
        bound.Diagnostics.Should().BeEmpty();
        var step = new AnonymizeStep(bound.Value!, "anon");
        var context = new BindContext();
        step.Bind(schema, context);
        context.Errors.Should().BeEmpty();
        return step;
    }

    public static RecordBatch Strings(params (string Name, string?[] Values)[] columns)
    {
        var fields = columns.Select(c => new Field(c.Name, StringType.Default, true));
        var arrays = columns.Select(c =>
        {
            var b = new StringArray.Builder();
            foreach (var v in c.Values) { if (v is null) b.AppendNull(); else b.Append(v); }
            return (IArrowArray)b.Build();
        });
        return new RecordBatch(new Schema(fields, null), arrays, columns[0].Values.Length);
    }

    public static string?[] Column(RecordBatch batch, string name)
    {
        var a = (StringArray)batch.Column(name);
        return Enumerable.Range(0, a.Length).Select(i => a.IsNull(i) ? null : a.GetString(i)).ToArray();
    }

    public static RecordBatch Run(AnonymizeStep step, RecordBatch input) => step.Process(input, TestContexts.For(input));
}
