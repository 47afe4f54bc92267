using System.Text.RegularExpressions;
using Apache.Arrow;
using Apache.Arrow.Types;
using DataPrep.Data;
using DataPrep.Definition;
using DataPrep.Steps.Anonymize;
using DataPrep.Tests.Support;
using static DataPrep.Tests.Steps.Anonymize.AnonymizeTestSupport;

namespace DataPrep.Tests.Steps.Anonymize;

public sealed class AnonymizeStepTests
{
    private const string KeyEnv = $"key_env: {KeyVariable}";

    [Fact]
    public void Pseudonymize_SameValueInTwoColumnsAndTwoRuns_SamePseudonym()
    {
        using var input = Strings(("a", ["alice@example.com", "bob@example.com", null]), ("b", ["bob@example.com", "alice@example.com", "x"]));
        var yaml = $"{{ {KeyEnv}, columns: {{ a: pseudonymize, b: pseudonymize }} }}";

        using var first = Run(Step(yaml, input.Schema), input);
        using var second = Run(Step(yaml, input.Schema), input);

        var a = Column(first, "a");
        var b = Column(first, "b");
        a[0].Should().Be(b[1]).And.MatchRegex("^[0-9a-f]{32}$");
        a[1].Should().Be(b[0]).And.NotBe(a[0]);
        a[2].Should().BeNull();
        Column(second, "a").Should().Equal(a);
    }

    [Fact]
    public void Pseudonymize_OtherKey_OtherPseudonym()
    {
        using var input = Strings(("a", ["alice@example.com"]));
        using var withKey = Run(Step($"{{ {KeyEnv}, columns: {{ a: pseudonymize }} }}", input.Schema), input);
        const string other = "DATAPREP_TEST_ANON_OTHER_KEY";
        Environment.SetEnvironmentVariable(other, "another-key-with-enough-bytes");
        using var withOther = Run(Step($"{{ key_env: {other}, columns: {{ a: pseudonymize }} }}", input.Schema), input);

        Column(withKey, "a")[0].Should().NotBe(Column(withOther, "a")[0]);
    }

    [Fact]
    public void Pseudonymize_FormatPreserving_DigitsStayDigitsLengthKept()
    {
        var values = Enumerable.Range(0, 200).Select(i => $"{100 + i:000}-{10 + i % 80:00}-{1000 + i * 7:0000}").Append("Ab-9z é").ToArray();
        using var input = Strings(("ssn", values));
        using var output = Run(Step($"{{ {KeyEnv}, columns: {{ ssn: {{ method: pseudonymize, format_preserving: true }} }} }}", input.Schema), input);

        var result = Column(output, "ssn");
        for (var i = 0; i < 200; i++) result[i].Should().MatchRegex(@"^\d{3}-\d{2}-\d{4}$").And.NotBe(values[i]);
        result[200].Should().MatchRegex("^[A-Z][a-z]-[0-9][a-z] é$");
        result.Distinct().Count().Should().BeGreaterThan(195, "pseudonyms of distinct values rarely collide");
    }

    [Fact]
    public async Task MissingKeyEnv_FailsAtValidationNamingTheVariable()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- anonymize: { key_env: DATAPREP_TEST_UNSET_VARIABLE, columns: { name: pseudonymize } }");
        var source = new MemorySource(PeopleData.Schema, () => throw new InvalidOperationException("no data may be read"));

        var diagnostics = await Pipeline.Load(path).ValidateAsync(new RunOptions { Source = source });

        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.AnonymizeKeyMissing && d.Location.Line == 6)
            .Which.Message.Should().Contain("DATAPREP_TEST_UNSET_VARIABLE");
    }

    [Fact]
    public async Task MissingKeyFile_FailsAtValidationNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = EngineHarness.WritePipeline(dir, "- anonymize: { key_file: /nonexistent/anon.key, columns: { name: encrypt } }");
        var diagnostics = await Pipeline.Load(path).ValidateAsync(new RunOptions { Source = new MemorySource(PeopleData.Schema, () => throw new InvalidOperationException("no data may be read")) });

        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.AnonymizeKeyMissing).Which.Message.Should().Contain("/nonexistent/anon.key");
    }

    [Fact]
    public void Options_KeyInPipelineFile_IsNotAnOption()
    {
        var bound = OptionsYaml.Bind<AnonymizeOptions>("{ key: secret, columns: { a: pseudonymize } }");
        bound.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.UnknownKey);
    }

    [Fact]
    public void Encrypt_Deterministic_DecryptsWithTheKeyOnly()
    {
        using var input = Strings(("a", ["4111 1111 1111 1111", "4111 1111 1111 1111", "zoë", null]));
        using var output = Run(Step($"{{ {KeyEnv}, columns: {{ a: encrypt }} }}", input.Schema), input);

        var c = Column(output, "a");
        c[0].Should().StartWith("enc1:").And.Be(c[1]).And.NotContain("4111");
        c[3].Should().BeNull();
        var key = AnonymizeKey.TryLoad(KeyVariable, null, out _, out _)!;
        var encryptor = new ValueEncryptor(key);
        using var aes = encryptor.CreateCipher();
        encryptor.TryDecrypt(aes, System.Text.Encoding.UTF8.GetBytes(c[2]!), out var plain).Should().BeTrue();
        System.Text.Encoding.UTF8.GetString(plain).Should().Be("zoë");
        var wrong = new ValueEncryptor(AnonymizeKey.FromBytes("not-the-right-key-at-all"u8));
        using var wrongAes = wrong.CreateCipher();
        wrong.TryDecrypt(wrongAes, System.Text.Encoding.UTF8.GetBytes(c[2]!), out _).Should().BeFalse();
    }

    [Fact]
    public void Mask_KeepLastAndPattern()
    {
        using var input = Strings(("card", ["4111111111111111", "12", "ñandú99", null]), ("phone", ["+47 912 34 567", "n/a", "555-1234", ""]));
        using var output = Run(Step("{ columns: { card: { method: mask, keep_last: 4 }, phone: { method: mask, pattern: '\\d(?=\\d{2})', mask_char: '#' } } }", input.Schema), input);

        Column(output, "card").Should().Equal("************1111", "12", "***dú99", null);
        Column(output, "phone").Should().Equal("+47 #12 34 #67", "n/a", "#55-##34", "");
    }

    [Fact]
    public void Generalize_BinsDatesPrefixesHierarchy()
    {
        var schema = new Schema([new Field("age", Int64Type.Default, true), new Field("born", Date32Type.Default, true),
            new Field("zip", StringType.Default, true), new Field("city", StringType.Default, true), new Field("score", DoubleType.Default, true)], null);
        var age = new Int64Array.Builder().Append(7).Append(34).AppendNull().Append(80).Build();
        var born = new Date32Array.Builder().Append(new DateOnly(1990, 5, 17)).Append(new DateOnly(2024, 1, 1)).Append(new DateOnly(2023, 12, 31)).AppendNull().Build();
        var zip = new StringArray.Builder().Append("SW1A 1AA").Append("0150").Append("9").AppendNull().Build();
        var city = new StringArray.Builder().Append("Oslo").Append("Bergen").Append("Lima").Append("Atlantis").Build();
        var score = new DoubleArray.Builder().Append(-1).Append(0.5).Append(10).Append(99).Build();
        using var input = new RecordBatch(schema, [age, born, zip, city, score], 4);
        var step = Step("""
            { columns: {
                age: { method: generalize, bin_width: 10 }, born: { method: generalize, date_to: month },
                zip: { method: generalize, keep_prefix: 3 },
                city: { method: generalize, hierarchy: { Oslo: Norway, Bergen: Norway, Lima: Peru, Norway: Europe, Peru: Americas }, levels: 2 },
                score: { method: generalize, bins: [0, 1, 50] } } }
            """, schema);

        using var output = Run(step, input);

        Column(output, "age").Should().Equal("[0, 10)", "[30, 40)", null, "[80, 90)");
        var months = (Date32Array)output.Column("born");
        Enumerable.Range(0, 4).Select(i => months.GetDateOnly(i)).Should().Equal(new DateOnly(1990, 5, 1), new DateOnly(2024, 1, 1), new DateOnly(2023, 12, 1), null);
        Column(output, "zip").Should().Equal("SW1", "015", "9", null);
        Column(output, "city").Should().Equal("Europe", "Europe", "Americas", "*");
        Column(output, "score").Should().Equal("(-inf, 0)", "[0, 1)", "[1, 50)", "[50, inf)");
        output.Schema.GetFieldByName("born").DataType.Should().BeOfType<Date32Type>();
        output.Schema.GetFieldByName("age").Metadata.Should().ContainKey(AnonymizeStep.SensitiveMetadataKey);
    }

    [Fact]
    public void Generalize_Week_IsTheMonday()
    {
        var schema = new Schema([new Field("d", Date32Type.Default, true)], null);
        using var input = new RecordBatch(schema, [new Date32Array.Builder().Append(new DateOnly(2026, 11, 23)).Append(new DateOnly(2026, 11, 29)).Append(new DateOnly(2026, 11, 30)).Build()], 3);
        using var output = Run(Step("{ columns: { d: { method: generalize, date_to: week } } }", schema), input);
        var d = (Date32Array)output.Column(0);
        Enumerable.Range(0, 3).Select(i => d.GetDateOnly(i)).Should().Equal(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 30));
    }

    [Fact]
    public void Drop_RemovesTheColumn_SensitiveColumnsNameIt()
    {
        using var input = Strings(("a", ["x"]), ("b", ["y"]));
        var step = Step("{ columns: { a: drop } }", input.Schema);
        using var output = Run(step, input);
        output.Schema.FieldsList.Select(f => f.Name).Should().Equal("b");
        step.SensitiveColumns.Should().Equal("a");
    }

    [Fact]
    public void Options_SettingOfAnotherMethod_IsAnError()
    {
        var bound = OptionsYaml.Bind<AnonymizeOptions>("{ columns: { a: { method: pseudonymize, keep_last: 4 } }, key_env: X }");
        bound.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.BadValue && d.Message.Contains("keep_last"));
    }

    [Fact]
    public void RedactPii_Column_ReplacesEntitiesWithTagsOrPseudonyms()
    {
        using var input = Strings(("t", ["mail alice@example.com or call +1 (415) 555-2671", "card 4111 1111 1111 1111, not 4111 1111 1111 1112", null]));
        using var tags = Run(Step("{ columns: { t: redact_pii } }", input.Schema), input);
        using var pseudonyms = Run(Step($"{{ {KeyEnv}, columns: {{ t: {{ method: redact_pii, replace_with: pseudonym }} }} }}", input.Schema), input);
        using var column = Run(Step($"{{ {KeyEnv}, columns: {{ t: pseudonymize }} }}", Strings(("t", ["alice@example.com"])).Schema), Strings(("t", ["alice@example.com"])));

        Column(tags, "t").Should().Equal("mail <EMAIL> or call <PHONE>", "card <CREDIT_CARD>, not 4111 1111 1111 1112", null);
        var pseudonym = Column(column, "t")[0];
        Column(pseudonyms, "t")[0].Should().StartWith($"mail <EMAIL:{pseudonym}> or call <PHONE:");
    }
}
