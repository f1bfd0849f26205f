using System.CommandLine;
using System.Globalization;
using MedicalContent.Delivery;
using MedicalContent.Publishing;
using MedicalContent.Storage;

namespace MedicalContent.Cli;

internal static class PublishCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "The content folder to publish." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate and compare with the store, print what would change, change nothing." };
        var store = new StoreFlags(context.Configuration);
        var purge = new PurgeOptions(context.Configuration);
        var command = new Command(
            "publish",
            "Validate the folder, upload its new versions (published versions are never overwritten), then update the index. Uploads nothing if anything is invalid.")
        {
            folder,
            dryRun,
        };
        store.AddTo(command);
        purge.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (container, error) = store.Resolve(parse);
            if (container is null)
            {
                await context.Error.WriteLineAsync($"error: {error}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var path = parse.GetValue(folder)!;
            var publisher = new Publisher(container);
            var edges = purge.Resolve(parse, context);
            PurgeSet? changed = null;
            var written = await StoreErrors.RunAsync(context, container, async () =>
            {
                try
                {
                    if (parse.GetValue(dryRun))
                    {
                        return await DryRunAsync(context, publisher, path, container, cancellationToken).ConfigureAwait(false);
                    }

                    (var code, changed) = await PublishAsync(context, publisher, path, container, cancellationToken).ConfigureAwait(false);
                    return code;
                }
                catch (VersionConflictException e)
                {
                    await Output.ProblemsAsync(context.Error, [e.Problem]).ConfigureAwait(false);
                    return ExitCodes.Refused;
                }
            }).ConfigureAwait(false);
            return written != ExitCodes.Success || changed is null
                ? written
                : await EdgePurge.RunAsync(context, edges, changed, purge.DelayOf(parse), $"the publish of {path}", cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Publishes; with what edges must purge when the index changed.</summary>
    private static async Task<(int Code, PurgeSet? Changed)> PublishAsync(CliContext context, Publisher publisher, string path, Azure.Storage.Blobs.BlobContainerClient container, CancellationToken cancellationToken)
    {
        await context.Out.WriteLineAsync($"publishing {path} to {BlobContentStore.Describe(container)}").ConfigureAwait(false);
        var result = await publisher.PublishAsync(path, new Output.UploadProgress(context.Out), cancellationToken).ConfigureAwait(false);
        if (!result.Plan.CanApply)
        {
            await Output.ProblemsAsync(context.Error, result.Plan.Problems).ConfigureAwait(false);
            return (ExitCodes.Refused, null);
        }

        var unchanged = result.Plan.Unchanged.Count + result.AlreadyPresent;
        var index = result.IndexWritten ? "index updated" : "index unchanged";
        await context.Out.WriteLineAsync(result.Plan.IsNoOp
            ? Invariant($"nothing to publish: {unchanged} version(s) unchanged; {index}")
            : Invariant($"published {result.Uploaded} new version(s), {unchanged} unchanged; {index}")).ConfigureAwait(false);
        var changed = result.IndexWritten
            ? PurgeSet.ForPublish(result.Plan.New.Concat(result.Plan.Unindexed).Select(v => v.Slug), result.Plan.VocabularyChanges)
            : null;
        return (ExitCodes.Success, changed);
    }

    private static async Task<int> DryRunAsync(CliContext context, Publisher publisher, string path, Azure.Storage.Blobs.BlobContainerClient container, CancellationToken cancellationToken)
    {
        await context.Out.WriteLineAsync($"dry run: comparing {path} with {BlobContentStore.Describe(container)}").ConfigureAwait(false);
        var plan = await publisher.PlanAsync(path, cancellationToken).ConfigureAwait(false);
        if (!plan.CanApply)
        {
            await Output.ProblemsAsync(context.Error, plan.Problems).ConfigureAwait(false);
            return ExitCodes.Refused;
        }

        var uploads = plan.New.Select(v => v.BlobName).ToHashSet(StringComparer.Ordinal);
        foreach (var version in plan.New)
        {
            await context.Out.WriteLineAsync(Invariant($"would upload {version.BlobName} (version {version.Number} of '{version.Slug}')")).ConfigureAwait(false);
        }

        foreach (var version in plan.Unindexed.Where(v => !uploads.Contains(v.BlobName)))
        {
            await context.Out.WriteLineAsync($"would index {version.BlobName} (uploaded earlier, not yet in the index)").ConfigureAwait(false);
        }

        if (plan.Unindexed.Count > 0)
        {
            var terms = plan.Folder.Syndication!;
            await context.Out.WriteLineAsync($"new versions would carry the attribution in {ContentFolder.SyndicationFile} ({terms.Publisher}, {terms.License}); published versions keep theirs").ConfigureAwait(false);
        }

        if (plan.VocabularyChanges)
        {
            await context.Out.WriteLineAsync($"would replace the audience vocabulary with {ContentFolder.AudiencesFile}").ConfigureAwait(false);
        }

        if (plan.IndexChanges)
        {
            await context.Out.WriteLineAsync($"would write {BlobContentStore.IndexBlobName}").ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync(plan.IsNoOp
            ? Invariant($"dry run: nothing to publish ({plan.Unchanged.Count} version(s) unchanged); nothing was changed")
            : Invariant($"dry run: {plan.New.Count} new version(s), {plan.Unchanged.Count} unchanged; index {(plan.IndexChanges ? "would be updated" : "unchanged")}; nothing was changed")).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
