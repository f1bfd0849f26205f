using System.CommandLine;
using MedicalContent.Storage;

namespace MedicalContent.Cli;

internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "The content folder (audiences.json, syndication.json and articles/{slug}/v{N}.json)." };
        var command = new Command("validate", "Check a content folder with the validator the API uses; prints every problem as file#pointer: message.")
        {
            folder,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(folder)!;
            var load = ContentFolder.Load(path);
            if (!load.IsValid)
            {
                await Output.ProblemsAsync(context.Error, load.Problems).ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var articles = load.Versions.Select(v => v.Document.Slug).Distinct(StringComparer.Ordinal).Count();
            await context.Out.WriteLineAsync($"{path}: valid ({articles} article(s), {load.Versions.Count} version(s))").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
