using System.CommandLine;
using DataPrep.Steps.Anonymize;

namespace DataPrep.Cli.Commands;

/// <summary><c>dataprep decrypt</c>: reverses <c>anonymize: encrypt</c> for holders of the key.</summary>
internal static class DecryptCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "A Parquet file written by a run (e.g. out/v000001/data/part-00000.parquet)." };
        var columns = new Option<string[]>("--columns", "-c") { Description = "The encrypted columns to decrypt.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "The Parquet file to write (must not exist).", Required = true };
        var keyEnv = new Option<string?>("--key-env") { Description = "Environment variable holding the key (as in the pipeline's key_env)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = "File holding the key (as in the pipeline's key_file)." };
        var command = new Command("decrypt", "Decrypt columns protected by 'anonymize: encrypt' (needs the key).") { input, columns, output, keyEnv, keyFile };
        command.SetAction(async (parse, ct) =>
        {
            var env = parse.GetValue(keyEnv);
            var file = parse.GetValue(keyFile)?.FullName;
            if ((env is null) == (file is null))
            {
                await Console.Error.WriteLineAsync("error: give exactly one of --key-env and --key-file");
                return ExitCodes.InvalidDefinition;
            }
            var key = AnonymizeKey.TryLoad(env, file, out var code, out var error);
            if (key is null)
            {
                await Console.Error.WriteLineAsync($"error {code}: {error}");
                return ExitCodes.InvalidDefinition;
            }
            try
            {
                var rows = await ValueDecryption.DecryptFileAsync(parse.GetValue(input)!.FullName, parse.GetValue(output)!.FullName, parse.GetValue(columns)!, key, ct);
                Console.WriteLine($"decrypted {rows} rows into {parse.GetValue(output)!.FullName}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.RunFailed;
            }
        });
        return command;
    }
}
