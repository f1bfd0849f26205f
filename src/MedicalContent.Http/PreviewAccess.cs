using System.Security.Cryptography;
using System.Text;
using MedicalContent.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MedicalContent.Http;

/// <summary>
/// Keys that unlock the preview endpoints (configuration section <c>Preview</c>; in Azure the app setting is a Key Vault
/// reference to the <c>preview-keys</c> secret, decision 0014; never the repository). Keys are compared in constant
/// time and never logged.
/// </summary>
public sealed class PreviewOptions
{
    public const string Section = "Preview";
    public const string HeaderName = "Preview-Key";
    public const int MinimumKeyLength = 32;

    private const string Prefix = Section + SettingNames.KeyDelimiter;

    /// <summary><c>Preview:{property}</c>, e.g. <c>Key(nameof(Keys))</c>.</summary>
    public static string Key(string property) => SettingNames.Key(Section, property);

    /// <summary><c>Preview__{property}</c>, the environment variable (and app setting) name.</summary>
    public static string EnvironmentVariable(string property) => SettingNames.EnvironmentVariable(Section, property);

    /// <summary>Comma-separated keys; empty disables preview. Each must be at least 32 characters.</summary>
    [EachItemMinLength(MinimumKeyLength, ErrorMessage = Prefix + nameof(Keys) + " must be at least {1} characters each (generate them, e.g. openssl rand -base64 33).")]
    public string Keys { get; set; } = "";

    internal IReadOnlyList<byte[]> KeyHashes => CommaSeparated.Items(Keys)
        .Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k)))
        .ToList();

    public override string ToString() => $"{nameof(PreviewOptions)} ({KeyHashes.Count} key(s))";
}

/// <summary>Each preview key long enough (generated from the attributes).</summary>
[OptionsValidator]
internal sealed partial class PreviewOptionsValidator : IValidateOptions<PreviewOptions>;

/// <summary>
/// Refuses a Key Vault reference App Service could not resolve: it then hands the app the reference text itself
/// (<c>@Microsoft.KeyVault(SecretUri=...)</c>), which is long enough to pass as a key and would be one anyone can read
/// in the template. The app does not start, and the message names the setting, not its value.
/// </summary>
internal sealed class PreviewKeysResolvedValidator : IValidateOptions<PreviewOptions>
{
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    public ValidateOptionsResult Validate(string? name, PreviewOptions options) =>
        CommaSeparated.Items(options.Keys).Any(k => k.StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase))
            ? ValidateOptionsResult.Fail(
                $"{PreviewOptions.Key(nameof(PreviewOptions.Keys))} is an unresolved Key Vault reference: the app's identity cannot read the secret " +
                "(check its Key Vault Secrets User role and the reference status in the function app's Environment variables blade).")
            : ValidateOptionsResult.Success;
}

/// <summary>The preview-key check every preview operation runs before anything else.</summary>
internal static class PreviewAccess
{
    /// <summary>
    /// Null when the request carries a valid key; otherwise the 401, which says nothing about whether the article
    /// exists.
    /// </summary>
    public static ProblemHttpResult? Challenge(HttpContext context)
    {
        if (context.RequestServices.GetRequiredService<PreviewKeyring>().Accepts(context.Request.Headers[PreviewOptions.HeaderName]))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = $"{PreviewOptions.HeaderName} realm=\"preview\"";
        context.Response.Headers.CacheControl = HttpCachingOptions.PrivateNoStore;
        return TypedResults.Problem(
            $"Preview needs a valid key in the {PreviewOptions.HeaderName} header.",
            context.Request.Path,
            StatusCodes.Status401Unauthorized,
            "Preview key required",
            Problems.PreviewKeyRequired);
    }
}

/// <summary>The configured preview keys, as SHA-256 hashes so comparisons take the same time whatever the input.</summary>
internal sealed class PreviewKeyring(IReadOnlyList<byte[]> keyHashes)
{
    public bool Accepts(Microsoft.Extensions.Primitives.StringValues header)
    {
        if (keyHashes.Count == 0 || header.Count != 1 || header[0] is not { Length: > 0 and <= 512 } presented)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var accepted = false;
        foreach (var key in keyHashes)
        {
            // Every key is compared, in constant time: neither timing nor position says which one matched.
            accepted |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return accepted;
    }
}
