using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Azure.Identity;
using Azure.Storage.Blobs;
using MedicalContent.Settings;
using MedicalContent.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MedicalContent.Cli;

/// <summary>
/// Where the content is published: the API's own <see cref="ContentStoreOptions"/>, bound from the same configuration
/// (environment variables <c>ContentStore__*</c>), so one set of variables drives both; <c>--account-url</c> (managed
/// identity / developer sign-in through DefaultAzureCredential), <c>--connection-string</c> (the local emulator only)
/// and <c>--container</c> override them.
/// </summary>
internal sealed partial class StoreFlags
{
    private static readonly string BlobServiceUriVariable = ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.BlobServiceUri));
    private static readonly string ConnectionStringVariable = ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ConnectionString));
    private static readonly string ContainerNameVariable = ContentStoreOptions.EnvironmentVariable(nameof(ContentStoreOptions.ContainerName));

    private readonly IConfiguration _configuration;

    public StoreFlags(IConfiguration configuration)
    {
        _configuration = configuration;
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
            Description = $"The blob container. Default: ${ContainerNameVariable}, else '{new ContentStoreOptions().ContainerName}'.",
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

    /// <summary>The store's settings: configuration, then the flags over it. Null (with the reason) when they name no usable store.</summary>
    public (ContentStoreOptions? Options, string? Error) Options(ParseResult parse)
    {
        var options = new ContentStoreOptions();
        try
        {
            _configuration.GetSection(ContentStoreOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            return (null, FromEnvironment(e.Message));
        }

        // The CLI publishes to blob storage, whichever store the API is configured to read.
        options.Kind = ContentStoreKind.Blob;
        if (parse.GetValue(AccountUrl) is { } url)
        {
            options.BlobServiceUri = url;
            options.ConnectionString = null;
        }

        if (parse.GetValue(ConnectionString) is { } connectionString)
        {
            options.ConnectionString = connectionString;
            options.BlobServiceUri = null;
        }

        if (parse.GetValue(Container) is { } container)
        {
            options.ContainerName = container;
        }

        if (options.BlobServiceUri is null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return (null, $"No store given: pass --account-url (or --connection-string for the emulator), or set {BlobServiceUriVariable}.");
        }

        // The API's own validators: the flags were checked as they were parsed, so what fails here came from the environment.
        IValidateOptions<ContentStoreOptions>[] validators = [new ContentStoreOptionsValidator(), new ContentStoreOptionsCrossFieldValidator()];
        var failures = validators.Select(v => v.Validate(Microsoft.Extensions.Options.Options.DefaultName, options)).SelectMany(r => r.Failures ?? []).ToList();
        if (failures.Count > 0)
        {
            return (null, FromEnvironment(string.Join(" ", failures)));
        }

        return (options, null);
    }

    /// <summary>The container client, or null (with the reason) when no usable store was named anywhere.</summary>
    public (BlobContainerClient? Container, string? Error) Resolve(ParseResult parse)
    {
        var (options, error) = Options(parse);
        if (options is null)
        {
            return (null, error);
        }

        try
        {
            // A developer's tool: the sign-in chain (environment, managed identity, Azure CLI...), not the app's managed identity alone.
            return (options.CreateContainerClient(new DefaultAzureCredential()), null);
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

    /// <summary>Messages name configuration keys (<c>ContentStore:ContainerName</c>); the CLI's users set environment variables.</summary>
    private static string FromEnvironment(string message) =>
        message.Replace(SettingNames.Key(ContentStoreOptions.Section, ""), SettingNames.EnvironmentVariable(ContentStoreOptions.Section, ""), StringComparison.Ordinal);

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

    [GeneratedRegex(ContentStoreOptions.ContainerNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex ContainerName();
}
