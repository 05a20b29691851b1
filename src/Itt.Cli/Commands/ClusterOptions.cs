using System.CommandLine;
using System.Net;
using Itt.Cluster.Hosting;

namespace Itt.Cli.Commands;

/// <summary>The clustering options shared by <c>itt train --cluster</c> and <c>itt worker</c>.</summary>
public sealed class ClusterOptions
{
    private readonly Option<string> _redis = new("--redis") { Description = "Redis host:port holding the membership table (several machines). Default: localhost clustering with the trainer as primary." };
    private readonly Option<int> _siloPort;
    private readonly Option<int> _primaryPort = new("--primary-port") { Description = "Localhost clustering: the trainer's silo port.", DefaultValueFactory = _ => ClusterSettings.DefaultPrimaryPort };
    private readonly Option<string> _advertise = new("--advertise") { Description = "Redis clustering: the IP address other machines reach this silo at." };
    private readonly Option<string> _clusterId = new("--cluster-id") { Description = "Cluster id shared by the trainer and its workers.", DefaultValueFactory = _ => "itt" };
    private readonly Option<double> _joinTimeout = new("--join-timeout") { Description = "Seconds this silo may take to join its cluster before it gives up (exit code 2).", DefaultValueFactory = _ => 60 };

    /// <summary>Options whose silo port defaults to <paramref name="defaultSiloPort"/> (0: a free port).</summary>
    public ClusterOptions(int defaultSiloPort, string siloPortDescription)
        => _siloPort = new("--silo-port") { Description = siloPortDescription, DefaultValueFactory = _ => defaultSiloPort };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _redis, _siloPort, _primaryPort, _advertise, _clusterId, _joinTimeout }) command.Options.Add(option);
    }

    /// <summary>True when the user typed any of these options.</summary>
    public bool AnyGiven(ParseResult parse) => new Option[] { _redis, _siloPort, _primaryPort, _advertise, _clusterId, _joinTimeout }.Any(parse.Given);

    /// <summary>The settings the user asked for; bad values throw <see cref="UsageException"/>.</summary>
    public ClusterSettings Settings(ParseResult parse, int threads, bool trainer)
    {
        IPAddress? advertised = null;
        if (parse.GetValue(_advertise) is string text && !IPAddress.TryParse(text, out advertised))
            throw new UsageException($"--advertise expects an IP address (got '{text}')");
        double join = parse.GetValue(_joinTimeout);
        if (!(join > 0) || !double.IsFinite(join) || join > 86400) throw new UsageException($"--join-timeout must be a number of seconds in (0, 86400] (got {join})");
        var settings = new ClusterSettings
        {
            JoinTimeout = TimeSpan.FromSeconds(join),
            Redis = parse.GetValue(_redis),
            SiloPort = parse.GetValue(_siloPort),
            PrimaryPort = parse.GetValue(_primaryPort),
            AdvertisedAddress = advertised,
            ClusterId = parse.GetValue(_clusterId)!,
            Threads = threads,
        };
        // With localhost clustering the trainer is the primary unless told otherwise.
        if (trainer && settings.Redis is null && !parse.Given(_siloPort)) settings = settings with { SiloPort = settings.PrimaryPort };
        if (settings.Validate() is string problem) throw new UsageException(problem);
        if (!trainer && settings.IsPrimary) throw new UsageException($"a worker needs a silo port other than the primary's ({settings.PrimaryPort})");
        if (settings.SiloPort == 0 && settings.Redis is null && trainer) throw new UsageException("the trainer needs a fixed --silo-port with localhost clustering");
        return settings;
    }
}
