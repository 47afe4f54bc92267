using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Steps;
using DataPrep.Steps.Anonymize;
using DataPrep.Tests.Support;
using static DataPrep.Tests.Steps.Anonymize.AnonymizeTestSupport;

namespace DataPrep.Tests.Steps.Anonymize;

public sealed class NoiseAndKAnonymityTests
{
    private static RecordBatch Doubles(int n, Func<int, double?> value)
    {
        var b = new DoubleArray.Builder();
        for (var i = 0; i < n; i++) { if (value(i) is { } v) b.Append(v); else b.AppendNull(); }
        return new RecordBatch(new Schema([new Field("x", DoubleType.Default, true)], null), [b.Build()], n);
    }

    [Fact]
    public void Noise_OutputsOnTheSnappingGridInsideClip_CentredOnTheValue()
    {
        const int n = 20_000;
        using var input = Doubles(n, i => i % 100 == 0 ? null : 500);
        using var output = Run(Step("{ columns: { x: { method: noise, epsilon: 10, clip: [0, 1000] } } }", input.Schema), input);

        var mechanism = new SnappingLaplace(10, 0, 1000);
        mechanism.Scale.Should().Be(100);
        mechanism.Grid.Should().Be(128);
        var x = (DoubleArray)output.Column(0);
        var values = Enumerable.Range(0, n).Where(i => i % 100 != 0).Select(i => x.GetValue(i)!.Value).ToArray();
        x.IsNull(0).Should().BeTrue();
        values.Should().OnlyContain(v => v >= 0 && v <= 1000);
        values.Where(v => v is > 0 and < 1000).Should().OnlyContain(v => (v - 500) / 128 == Math.Round((v - 500) / 128), "outputs snap to multiples of Λ around the centre");
        // Laplace(b = 100), snapped to 128 and clamped at ±500: mean stays 500, mean |noise| near b.
        values.Average().Should().BeApproximately(500, 5);
        values.Average(v => Math.Abs(v - 500)).Should().BeInRange(85, 125);
    }

    [Fact]
    public void Noise_SameSeedAndRow_SameDraw_OtherSeed_Other()
    {
        using var input = Doubles(100, i => i);
        var step = Step("{ columns: { x: { method: noise, epsilon: 1, clip: [0, 100] } } }", input.Schema);
        using var a = step.Process(input, TestContexts.For(input, seed: 1));
        using var b = step.Process(input, TestContexts.For(input, seed: 1));
        using var c = step.Process(input, TestContexts.For(input, seed: 2));
        ((DoubleArray)a.Column(0)).Values.ToArray().Should().Equal(((DoubleArray)b.Column(0)).Values.ToArray());
        ((DoubleArray)a.Column(0)).Values.ToArray().Should().NotEqual(((DoubleArray)c.Column(0)).Values.ToArray());
    }

    [Fact]
    public void UniformOpen_CoversTheUnitIntervalEvenly()
    {
        var r = new StableRandom(3, "u", 0UL);
        var draws = Enumerable.Range(0, 100_000).Select(_ => SnappingLaplace.UniformOpen(ref r)).ToArray();
        draws.Should().OnlyContain(u => u > 0 && u < 1);
        draws.Average().Should().BeApproximately(0.5, 0.005);
        draws.Count(u => u < 0.001).Should().BeInRange(60, 140);
    }

    [Fact]
    public void KAnonymity_MeasuresClassesAndQuarantinesSmallOnes()
    {
        // Ages generalized to decades; decade 90 has 2 rows, the others 10 or more.
        var ages = Enumerable.Range(0, 42).Select(i => i < 40 ? (long)(20 + i % 4 * 10 + i % 7) : 91 + i % 2).ToArray();
        var schema = new Schema([new Field("age", Int64Type.Default, false), new Field("email", StringType.Default, false)], null);
        var ageArray = new Int64Array.Builder().AppendRange(ages).Build();
        var emailArray = new StringArray.Builder().AppendRange(ages.Select((_, i) => $"p{i}@example.com")).Build();
        using var input = new RecordBatch(schema, [ageArray, emailArray], ages.Length);
        var step = Step($"{{ key_env: {KeyVariable}, columns: {{ age: {{ method: generalize, bin_width: 10 }}, email: pseudonymize }}, k_anonymity: {{ quasi_identifiers: [age], k: 5, suppress: quarantine }} }}", schema);
        step.Kind.Should().Be(StepKind.Fitted);

        var statistics = step.CreateStatistics();
        step.Accumulate(statistics, input, TestContexts.For(input));
        step.Fit(statistics);
        var context = TestContexts.For(input);
        using var output = step.Apply(input, context);

        step.Measurement.Should().Be(new KAnonymityMeasurement(42, 5, 2, 2, 0.5, 5.0 / 42));
        context.Dispositions().Select(d => d.Row).Should().Equal(40, 41);
        context.Dispositions().Should().OnlyContain(d => d.Code == "anonymize.k_anonymity" && !d.Message.Contains("9"));
    }
}
