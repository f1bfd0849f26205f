using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using MedicalContent.Storage;

namespace MedicalContent.Cli;

/// <summary>
/// Where the content is published: <c>--account-url</c> (managed identity / developer sign-in through
/// DefaultAzureCredential) or <c>--connection-string</c> (the local emulator only), falling back to the API's own
/// settings in the environment so one set of variables drives both.
/// </summary>
internal sealed partial class StoreOptions
{
    public const string BlobServiceUriVariable = "ContentStore__BlobServiceUri";
    public const string ConnectionStringVariable = "ContentStore__ConnectionString";
    public const string ContainerNameVariable = "ContentStore__ContainerName";
    public const string DefaultContainer = "articles";

    private readonly Func<string, string?> _environment;

    public StoreOptions(Func<string, string?> environment)
    {
        _environment = environment;
        AccountUrl = new Option<Uri>("--account-url")
        {
            Description = $"The storage account's blob endpoint (https://ACCOUNT.blob.core.windows.net), signed in with DefaultAzureCredential. Default: ${BlobServiceUriVariable}.",
            CustomParser = ParseUrl,
        };
        ConnectionString = new Option<string>("--connection-string")
        {
            Description = $"A connection string, for the local storage emulator (Azurite) only. Default: ${ConnectionStringVariable}.",
        };
        Container = new Option<string>("--container")
        {
            Description = $"The blob container. Default: ${ContainerNameVariable}, else '{DefaultContainer}'.",
            DefaultValueFactory = _ => Variable(ContainerNameVariable) ?? DefaultContainer,
        };
        Container.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && !ContainerName().IsMatch(name))
            {
                result.AddError($"'{name}' is not a valid container name: 3 to 63 lowercase letters, digits and single hyphens.");
            }
        });
    }

    public Option<Uri> AccountUrl { get; }

    public Option<string> ConnectionString { get; }

    public Option<string> Container { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(AccountUrl);
        command.Options.Add(ConnectionString);
        command.Options.Add(Container);
        command.Validators.Add(result =>
        {
            if (result.GetResult(AccountUrl) is { Implicit: false } && result.GetResult(ConnectionString) is { Implicit: false })
            {
                result.AddError("Give either --account-url (Azure) or --connection-string (the emulator), not both.");
            }
        });
    }

    /// <summary>The container client, or null (with the reason) when no store was named anywhere.</summary>
    public (BlobContainerClient? Container, string? Error) Resolve(ParseResult parse)
    {
        var url = parse.GetValue(AccountUrl);
        var connectionString = parse.GetValue(ConnectionString);
        if (url is null && connectionString is null)
        {
            connectionString = Variable(ConnectionStringVariable);
            if (connectionString is null && Variable(BlobServiceUriVariable) is { } fromEnvironment)
            {
                if (!Uri.TryCreate(fromEnvironment, UriKind.Absolute, out url) || url.Scheme != Uri.UriSchemeHttps)
                {
                    return (null, $"{BlobServiceUriVariable} must be an https:// URL.");
                }
            }
        }

        if (url is null && connectionString is null)
        {
            return (null, $"No store given: pass --account-url (or --connection-string for the emulator), or set {BlobServiceUriVariable}.");
        }

        try
        {
            return (BlobContentStore.CreateContainerClient(url, connectionString, parse.GetValue(Container)!), null);
        }
        catch (FormatException e)
        {
            // The SDK's message names the malformed part, never the key.
            return (null, $"The connection string is not valid: {e.Message}");
        }
        catch (ArgumentException e)
        {
            return (null, $"The connection string is not valid: {e.Message}");
        }
    }

    private string? Variable(string name) => _environment(name) is { Length: > 0 } value ? value : null;

    private static Uri? ParseUrl(ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
        {
            return url;
        }

        result.AddError($"--account-url must be an https:// URL such as https://ACCOUNT.blob.core.windows.net; it was '{text}'.");
        return null;
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
