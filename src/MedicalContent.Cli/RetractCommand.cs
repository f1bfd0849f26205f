using System.CommandLine;
using System.Globalization;
using MedicalContent.Delivery;
using MedicalContent.Model;
using MedicalContent.Publishing;
using MedicalContent.Storage;
using MedicalContent.Routing;

namespace MedicalContent.Cli;

internal static class RetractCommand
{
    public static Command Create(CliContext context)
    {
        var slug = new Argument<string>("slug") { Description = "The article's slug." };
        var version = new Argument<int>("version") { Description = "The version number to retract.", CustomParser = ParseVersion };
        var reason = new Option<string>("--reason")
        {
            Description = "Why it is retracted; readers of the version's URL see this with 410 Gone.",
            Required = true,
        };
        var store = new StoreFlags(context.Configuration);
        var purge = new PurgeOptions(context.Configuration);
        var command = new Command(
            "retract",
            "Mark a published version retracted: its URL answers 410 Gone with the reason, and \"latest\" falls back to the previous served version. " +
            "Then purge the CDN edges named: the version's URLs, the latest URLs, the version list, the index and the change feed.")
        {
            slug,
            version,
            reason,
        };
        store.AddTo(command);
        purge.AddTo(command);
        slug.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !Slug.IsValid(value))
            {
                result.AddError($"'{value}' is not a valid slug: lowercase letters, digits and single hyphens.");
            }
        });
        reason.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--reason must say why the version is retracted.");
            }
        });

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (container, error) = store.Resolve(parse);
            if (container is null)
            {
                await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var article = parse.GetValue(slug)!;
            var number = parse.GetValue(version);
            var edges = purge.Resolve(parse, context);
            var written = await StoreErrors.RunAsync(context, container, async () =>
            {
                try
                {
                    var retraction = await new Retractor(container, context.Time)
                        .RetractAsync(article, number, parse.GetValue(reason)!, cancellationToken).ConfigureAwait(false);
                    await context.Out.WriteLineAsync(string.Create(
                        CultureInfo.InvariantCulture,
                        $"retracted version {number} of '{article}' in {BlobContentStore.Describe(container)} at {retraction.RetractedAt:u}: " +
                        $"{RouteTable.VersionUrl(article, number)} now answers 410 Gone")).ConfigureAwait(false);
                    return ExitCodes.Success;
                }
                catch (RetractionRefusedException e)
                {
                    await context.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return ExitCodes.Refused;
                }
            }).ConfigureAwait(false);
            if (written != ExitCodes.Success)
            {
                return written;
            }

            if (edges.Count == 0)
            {
                await context.Out.WriteLineAsync(
                    $"no edge purged (none named with --purge-varnish or --purge-front-door): CDN edges may serve the version until its s-maxage runs out").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            return await EdgePurge.RunAsync(
                context, edges, PurgeSet.ForRetraction(article, number), purge.DelayOf(parse), $"the retraction of version {number} of '{article}'", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static int ParseVersion(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }

        result.AddError($"version must be a whole number, 1 or more; it was '{text}'.");
        return 0;
    }
}
