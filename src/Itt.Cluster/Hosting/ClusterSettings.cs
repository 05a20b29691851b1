using System.Net;

namespace Itt.Cluster.Hosting;

/// <summary>How a silo of ours joins its cluster: development clustering on localhost, or a Redis membership table.</summary>
public sealed record ClusterSettings
{
    /// <summary>Default port of the primary silo (localhost clustering) and of a trainer's silo.</summary>
    public const int DefaultPrimaryPort = 11111;

    /// <summary>Redis endpoint <c>host:port</c> holding the membership table; null for localhost development clustering.</summary>
    public string? Redis { get; init; }

    /// <summary>Port for silo-to-silo traffic (0: a free one).</summary>
    public int SiloPort { get; init; } = DefaultPrimaryPort;

    /// <summary>Localhost clustering: the primary silo's port (the trainer's). A silo whose own port is this is the primary.</summary>
    public int PrimaryPort { get; init; } = DefaultPrimaryPort;

    /// <summary>Redis clustering: the address other machines reach this silo at (null: this host's address as Orleans resolves it).</summary>
    public IPAddress? AdvertisedAddress { get; init; }

    /// <summary>Cluster and service id: silos of one training cluster share it.</summary>
    public string ClusterId { get; init; } = "itt";

    /// <summary>Silo name shown in membership lines (null: chosen by Orleans).</summary>
    public string? Name { get; init; }

    /// <summary>Rollout threads of this silo's worker (0: one per core).</summary>
    public int Threads { get; init; }

    /// <summary>How long the silo may take to join its cluster before starting fails.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>True when this silo is the primary of localhost clustering.</summary>
    public bool IsPrimary => Redis is null && SiloPort == PrimaryPort;

    /// <summary>Returns a one-line description of the first invalid setting, or null.</summary>
    public string? Validate()
    {
        if (SiloPort is < 0 or > 65535) return $"silo port must be in 0..65535 (got {SiloPort})";
        if (PrimaryPort is < 1 or > 65535) return $"primary port must be in 1..65535 (got {PrimaryPort})";
        if (Threads < 0) return $"threads must be 0 (all cores) or more (got {Threads})";
        if (string.IsNullOrWhiteSpace(ClusterId)) return "cluster id is empty";
        if (!(JoinTimeout > TimeSpan.Zero)) return "the join timeout must be positive";
        if (Redis is not null && !TryParseEndpoint(Redis, out _, out _)) return $"--redis expects host:port (got '{Redis}')";
        return null;
    }

    /// <summary>Splits <c>host:port</c>.</summary>
    public static bool TryParseEndpoint(string text, out string host, out int port)
    {
        host = "";
        port = 0;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) return false;
        host = text[..colon];
        return int.TryParse(text[(colon + 1)..], out port) && port is > 0 and <= 65535;
    }
}
