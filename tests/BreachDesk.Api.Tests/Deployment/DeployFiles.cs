using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace BreachDesk.Tests.Deployment;

/// <summary>Reads the files under deploy/ (no Docker engine here: what cannot run is at least parsed and checked).</summary>
public static class DeployFiles
{
    public const string Image = "breachdesk/api:1.0.0";
    public const int ContainerPort = 8080;

    public static string Root { get; } = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Text(string relative) => File.ReadAllText(Path(relative));

    /// <summary>Every YAML document of a file, as nested dictionaries and lists (anchors resolved).</summary>
    public static List<Dictionary<object, object>> Yaml(string relative)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(Text(relative)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<object, object>>();
        while (parser.Accept<DocumentStart>(out _))
            documents.Add(deserializer.Deserialize<Dictionary<object, object>>(parser));
        return documents;
    }

    public static object? At(this object? node, params object[] path)
    {
        foreach (var step in path)
            node = (node, step) switch
            {
                (Dictionary<object, object> map, string key) => map.GetValueOrDefault(key),
                (List<object> list, int index) => index < list.Count ? list[index] : null,
                _ => null,
            };
        return node;
    }

    public static Dictionary<object, object> Map(this object? node, params object[] path) =>
        Assert.IsType<Dictionary<object, object>>(node.At(path));

    public static List<object> List(this object? node, params object[] path) =>
        Assert.IsType<List<object>>(node.At(path));

    public static string? Str(this object? node, params object[] path) => node.At(path)?.ToString();

    /// <summary>An environment variable name as the configuration key it becomes (ASP.NET Core: "__" is ":").</summary>
    public static string ConfigurationKey(string environmentVariable) => environmentVariable.Replace("__", ":");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BreachDesk.sln"))) return dir.FullName;
        throw new InvalidOperationException("No BreachDesk.sln above " + AppContext.BaseDirectory);
    }
}
