using System.Data.Common;
using System.Text.RegularExpressions;

namespace BreachDesk.Infrastructure.CommandLine;

/// <summary>
/// Secrets in configuration, masked before a command prints configuration (<c>describe</c> lists every key of every
/// source, environment variables included). A key is secret by its name (password, secret, routing key, token…); a
/// connection string keeps everything but its password; a Slack webhook's URL is itself the credential.
/// </summary>
internal static partial class SecretMasking
{
    public const string Mask = "****";

    /// <summary>Overwrites secret values in every source of this process's configuration (the command never needs them).</summary>
    public static void MaskIn(IConfigurationRoot configuration)
    {
        var secrets = configuration.AsEnumerable()
            .Where(pair => pair.Value is not null && Masked(pair.Key, pair.Value) != pair.Value)
            .Select(pair => pair.Key)
            .ToList();
        foreach (var provider in configuration.Providers)
            foreach (var key in secrets)
                if (provider.TryGet(key, out var value) && value is not null)
                    provider.Set(key, Masked(key, value));
    }

    public static string Masked(string key, string value)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        if (value.Length == 0) return value;
        if (SecretName().IsMatch(name)) return Mask;
        if (value.Contains("hooks.slack.com", StringComparison.OrdinalIgnoreCase)) return Mask;
        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) || PasswordPair().IsMatch(value))
            return MaskConnectionString(value);
        return UrlUserInfo().Replace(value, "://$1:" + Mask + "@");
    }

    private static string MaskConnectionString(string value)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            foreach (var passwordKey in builder.Keys.Cast<string>().Where(k => SecretName().IsMatch(k.Replace(" ", ""))).ToList())
                builder[passwordKey] = Mask;
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Mask; // not a connection string after all: show nothing of it
        }
    }

    [GeneratedRegex("(password|passwd|pwd|secret|token|routingkey|apikey|privatekey|sha256)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(^|;)\s*(password|pwd)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordPair();

    /// <summary>postgresql://user:password@host/db and the like.</summary>
    [GeneratedRegex(@"://([^:/@\s]+):[^@/\s]+@")]
    private static partial Regex UrlUserInfo();
}
