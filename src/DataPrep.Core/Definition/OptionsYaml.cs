using DataPrep.Definition.Binding;
using DataPrep.Definition.Yaml;

namespace DataPrep.Definition;

/// <summary>
/// Options ↔ YAML with the pipeline file's rules (snake_case keys and enum names, the same checks
/// and diagnostics), for anything that is not a whole pipeline: fit artifacts, tests, tools.
/// </summary>
public static class OptionsYaml
{
    /// <summary>Block-style YAML that <see cref="Bind{T}"/> reads back to an equal object.</summary>
    public static string Serialize(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return YamlWriter.Write(options);
    }

    /// <summary>Binds YAML or JSON text to <typeparamref name="T"/>, collecting every problem.</summary>
    /// <param name="fileName">Used in diagnostics only.</param>
    public static BindResult<T> Bind<T>(string text, string fileName = "<string>")
        where T : class, new()
    {
        var result = Bind(typeof(T), text, fileName);
        return new BindResult<T>((T?)result.Value, result.Diagnostics, result.Map);
    }

    /// <summary>Binds YAML or JSON text to an options type known only at run time.</summary>
    public static BindResult<object> Bind(Type optionsType, string text, string fileName = "<string>")
    {
        ArgumentNullException.ThrowIfNull(optionsType);
        ArgumentNullException.ThrowIfNull(text);
        var (root, syntax) = YamlDocumentReader.Read(text, fileName);
        var session = new BindSession(fileName, registry: null);
        if (syntax.Count > 0 && root is null) return new BindResult<object>(null, BindSession.Sort(syntax), session.Map);
        session.AddRange(syntax);
        var value = OptionsBinder.BindRoot(optionsType, root, session);
        var diagnostics = session.Sorted();
        return new BindResult<object>(diagnostics.Count == 0 ? value : null, diagnostics, session.Map);
    }

    /// <summary>Reads and binds a YAML or JSON file; a missing file is a DP0003 diagnostic, not an exception.</summary>
    public static BindResult<T> BindFile<T>(string path)
        where T : class, new()
    {
        return PipelineLoader.ReadFile(path, out var text) is { } problem
            ? new BindResult<T>(null, [problem], new SourceMap(path))
            : Bind<T>(text, path);
    }
}
