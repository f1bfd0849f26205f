using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MedicalContent.Storage;
using MedicalContent.Validation;

namespace MedicalContent.Cli;

internal static class ValidateCommand
{
    public const string MaxPatientGradeOption = "--max-patient-grade";

    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "The content folder (audiences.json, syndication.json and articles/{slug}/v{N}.json)." };
        var maxGrade = new Option<double>(MaxPatientGradeOption)
        {
            Description = "Warn when the newest version of an article reads above this Flesch-Kincaid grade for a patient audience " +
                $"(an audience whose schemaOrgAudience is \"{ReadabilityCheck.PatientAudience}\"). A warning, not a problem: the exit code stays 0.",
            HelpName = "grade",
            DefaultValueFactory = _ => ReadabilityCheck.DefaultMaxGrade,
            CustomParser = ParseGrade,
        };
        var command = new Command(
            "validate",
            "Check a content folder with the validator the API uses; prints every problem as file#pointer: message and exits 1 if there is any. " +
            "Warnings (legacy fields, patient texts above the grade) are printed as warning: file#pointer: message and do not change the exit code.")
        {
            folder,
            maxGrade,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(folder)!;
            var load = ContentFolder.Load(path);
            var warnings = Warnings(load, parse.GetValue(maxGrade));
            foreach (var warning in warnings)
            {
                await context.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            if (!load.IsValid)
            {
                await Output.ProblemsAsync(context.Error, load.Problems).ConfigureAwait(false);
                return ExitCodes.Refused;
            }

            var articles = load.Versions.Select(v => v.Document.Slug).Distinct(StringComparer.Ordinal).Count();
            var warned = warnings.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"; {warnings.Count} warning(s)");
            await context.Out.WriteLineAsync($"{path}: valid ({articles} article(s), {load.Versions.Count} version(s)){warned}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Legacy fields in any version; readability of each article's newest version only, since older versions are
    /// published and can no longer change.
    /// </summary>
    private static List<ValidationProblem> Warnings(ContentFolderLoad load, double maxGrade)
    {
        var warnings = load.Versions.SelectMany(v => LegacyFields.Warnings(v.File, v.Document)).ToList();
        if (load.Vocabulary is { } vocabulary)
        {
            var newest = load.Versions
                .GroupBy(v => v.Document.Slug, StringComparer.Ordinal)
                .Select(g => g.MaxBy(v => v.Document.Version)!)
                .Select(v => (v.File, v.Document));
            warnings.AddRange(ReadabilityCheck.Rendered.Warnings(newest, vocabulary, maxGrade));
        }

        return warnings;
    }

    private static double ParseGrade(ArgumentResult result)
    {
        var token = result.Tokens.Single().Value;
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var grade) && grade >= 0 && double.IsFinite(grade))
        {
            return grade;
        }

        result.AddError($"{MaxPatientGradeOption} must be a school grade of 0 or more, such as 8 or 7.5; it was '{token}'.");
        return 0;
    }
}
