using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using MedicalContent.Delivery;
using Microsoft.Extensions.Configuration;

namespace MedicalContent.Cli;

/// <summary>
/// The CDN edges <c>publish</c> and <c>retract</c> purge once the index is written: Varnish edges by surrogate key
/// (xkey), Azure Front Door endpoints by path through the ARM API with the caller's identity.
/// </summary>
internal sealed partial class PurgeOptions
{
    private static readonly string RefreshIntervalVariable = ContentCacheOptions.EnvironmentVariable(nameof(ContentCacheOptions.RefreshIntervalSeconds));
    public static readonly Uri PublicArm = new("https://management.azure.com");

    private readonly IConfiguration _configuration;

    public PurgeOptions(IConfiguration configuration)
    {
        _configuration = configuration;
        Varnish = new Option<Uri[]>("--purge-varnish")
        {
            Description = "A Varnish edge (with the xkey VCL) to purge by surrogate key, e.g. http://127.0.0.1:6081/. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
            CustomParser = ParseVarnish,
        };
        FrontDoor = new Option<string[]>("--purge-front-door")
        {
            Description = "An Azure Front Door endpoint to purge by path, as its resource id: " +
                "/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Cdn/profiles/PROFILE/afdEndpoints/ENDPOINT. Repeatable; " +
                "signed in with DefaultAzureCredential (needs Microsoft.Cdn/profiles/afdEndpoints/purge/action).",
        };
        FrontDoor.Validators.Add(result =>
        {
            foreach (var id in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!EndpointId().IsMatch(id))
                {
                    result.AddError($"--purge-front-door must be an afdEndpoints resource id (/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.Cdn/profiles/PROFILE/afdEndpoints/ENDPOINT); it was '{id}'.");
                }
            }
        });
        ArmUrl = new Option<Uri>("--arm-url")
        {
            Description = $"The Azure Resource Manager endpoint (another cloud's, e.g. https://management.chinacloudapi.cn). Default: {PublicArm}.",
            DefaultValueFactory = _ => PublicArm,
            CustomParser = ParseArm,
        };
        Delay = new Option<int>("--purge-delay")
        {
            Description = $"Seconds to wait after writing the index before purging, so every API instance has re-read it and an edge cannot re-fetch the old answer. Default: ${RefreshIntervalVariable} (else {new ContentCacheOptions().RefreshIntervalSeconds}) + 1.",
            DefaultValueFactory = _ => DefaultDelay(),
        };
        Delay.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 600)
            {
                result.AddError("--purge-delay must be 0 to 600 seconds.");
            }
        });
    }

    public Option<Uri[]> Varnish { get; }

    public Option<string[]> FrontDoor { get; }

    public Option<Uri> ArmUrl { get; }

    public Option<int> Delay { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Varnish);
        command.Options.Add(FrontDoor);
        command.Options.Add(ArmUrl);
        command.Options.Add(Delay);
    }

    /// <summary>The edges named on the command line, in order: Varnish first, then Front Door.</summary>
    public IReadOnlyList<IEdgePurger> Resolve(ParseResult parse, CliContext context)
    {
        var arm = parse.GetValue(ArmUrl) ?? PublicArm;
        return
        [
            .. (parse.GetValue(Varnish) ?? []).Select(url => (IEdgePurger)new VarnishPurger(context.Http, url)),
            .. (parse.GetValue(FrontDoor) ?? []).Select(id => (IEdgePurger)new FrontDoorPurger(context.Http, arm, id, context.ArmCredential)),
        ];
    }

    public TimeSpan DelayOf(ParseResult parse) => TimeSpan.FromSeconds(parse.GetValue(Delay));

    /// <summary>The API's refresh interval (the same setting, from the same configuration) plus a second.</summary>
    private int DefaultDelay() =>
        (int.TryParse(_configuration[ContentCacheOptions.Key(nameof(ContentCacheOptions.RefreshIntervalSeconds))], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : new ContentCacheOptions().RefreshIntervalSeconds) + 1;

    private static Uri[] ParseVarnish(ArgumentResult result)
    {
        var urls = new List<Uri>();
        foreach (var token in result.Tokens)
        {
            if (Uri.TryCreate(token.Value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                urls.Add(url);
            }
            else
            {
                result.AddError($"--purge-varnish must be an http:// or https:// URL of the Varnish edge; it was '{token.Value}'.");
            }
        }

        return [.. urls];
    }

    private static Uri? ParseArm(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            return url;
        }

        result.AddError($"--arm-url must be an https:// URL (http:// only on loopback, for tests); it was '{text}'.");
        return null;
    }

    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Cdn/profiles/[^/]+/afdEndpoints/[^/]+$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EndpointId();
}
