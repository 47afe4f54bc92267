using DataPrep.Tests.Support;

namespace DataPrep.Tests.Commands;

public sealed class DecryptCommandTests
{
    [Fact]
    public async Task Decrypt_RunWithEncryptedColumn_KeyHolderGetsTheValuesBack()
    {
        using var dir = new TempDirectory();
        CliProcess.CopyPenguins(dir);
        File.WriteAllText(dir.Combine("anon.key"), "a-key-file-with-more-than-16-bytes\n");
        File.WriteAllText(dir.Combine("p.yaml"), """
            version: 1
            source: { csv: raw }
            steps:
              - anonymize: { key_file: anon.key, columns: { Island: encrypt, Sex: { method: mask, keep_last: 1 } } }
            sink: { parquet: out }
            """);

        var (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "run", "p.yaml");
        exit.Should().Be(0, error);
        (stdout + error).Should().NotContain("Torgersen", "sensitive values stay out of the console");
        var data = dir.Combine("out", "v000001", "data", "part-00000.parquet");
        (await File.ReadAllBytesAsync(data)).AsSpan().IndexOf("Torgersen"u8).Should().Be(-1);

        var wrong = dir.Combine("wrong.key");
        File.WriteAllText(wrong, "another-key-file-of-enough-bytes");
        var (badExit, _, badError) = await CliProcess.RunAsync(dir.Path, "decrypt", data, "--columns", "Island", "--key-file", wrong, "-o", dir.Combine("bad.parquet"));
        badExit.Should().Be(1);
        badError.Should().Contain("column 'Island', row 0: not a value encrypted with this key");

        (exit, stdout, error) = await CliProcess.RunAsync(dir.Path, "decrypt", data, "--columns", "Island", "--key-file", "anon.key", "-o", dir.Combine("plain.parquet"));
        exit.Should().Be(0, error);
        stdout.Should().Contain("decrypted 344 rows");
        var islands = await CliProcess.ReadStringsAsync(dir.Combine("plain.parquet"), "Island");
        var expected = File.ReadLines(CliProcess.Penguins).Skip(1).Select(l => l.Split(',')[1]).ToList();
        islands.Should().Equal(expected);
    }

    [Fact]
    public async Task Run_KeyVariableNotSet_Exits2NamingIt()
    {
        using var dir = new TempDirectory();
        CliProcess.CopyPenguins(dir);
        File.WriteAllText(dir.Combine("p.yaml"), "version: 1\nsource: { csv: raw }\nsteps:\n  - anonymize: { key_env: DATAPREP_NOT_SET_ANYWHERE, columns: { Island: pseudonymize } }\nsink: { parquet: out }\n");

        var (exit, _, error) = await CliProcess.RunAsync(dir.Path, "validate", "p.yaml");

        exit.Should().Be(2);
        error.Should().Contain("error DP0600").And.Contain("DATAPREP_NOT_SET_ANYWHERE");
    }
}
