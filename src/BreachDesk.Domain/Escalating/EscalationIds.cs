using System.Security.Cryptography;
using System.Text;

namespace BreachDesk.Escalating;

/// <summary>Name-based ids, so that deciding the same thing twice (a retried sweep) names the same thing.</summary>
public static class EscalationIds
{
    /// <summary>The id of one escalation: its incident and the key of the checkpoint that raised it.</summary>
    public static Guid For(Guid incidentId, string escalationKey) => NameBased($"{incidentId:N}/{escalationKey}");

    /// <summary>The stream of an incident's escalation log, derived from the incident's id: found without a lookup.</summary>
    public static Guid LogOf(Guid incidentId) => NameBased($"{incidentId:N}/escalation-log");

    private static Guid NameBased(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // RFC 4122 name-based layout (version 5 bits), so it reads as a UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
