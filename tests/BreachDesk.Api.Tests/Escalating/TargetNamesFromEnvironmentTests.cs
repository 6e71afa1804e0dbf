using BreachDesk.Escalating;
using Microsoft.Extensions.Configuration;

namespace BreachDesk.Tests.Escalating;

/// <summary>
/// Targets are named like <c>oncall-primary</c>, and a shell cannot <c>export</c> a variable whose name holds '-':
/// the documented way is '_' in its place, read from real environment variables.
/// </summary>
public class TargetNamesFromEnvironmentTests
{
    [Fact]
    public void An_exported_variable_with_an_underscore_configures_the_target_whose_name_has_a_hyphen()
    {
        var prefix = $"BDTEST{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "BreachDesk__Escalation__Targets__oncall_primary__0__Channel", "webhook");
        Environment.SetEnvironmentVariable(prefix + "BreachDesk__Escalation__Targets__oncall_primary__0__Url", "https://hooks.example.org/a");
        try
        {
            var options = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build()
                .GetSection("BreachDesk:Escalation").Get<EscalationOptions>()!;

            Assert.True(options.Targets.TryGetValue("oncall-primary", out var channels));
            Assert.Equal("https://hooks.example.org/a", Assert.Single(channels).Url);
            Assert.Contains("oncall-primary", options.TargetsFor(1)); // the default levels name it with its hyphen
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "BreachDesk__Escalation__Targets__oncall_primary__0__Channel", null);
            Environment.SetEnvironmentVariable(prefix + "BreachDesk__Escalation__Targets__oncall_primary__0__Url", null);
        }
    }
}
