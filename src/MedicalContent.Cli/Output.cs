using System.Globalization;
using MedicalContent.Publishing;
using MedicalContent.Validation;

namespace MedicalContent.Cli;

internal static class Output
{
    /// <summary>One problem per line (file#pointer: message), then a count, all on stderr.</summary>
    public static async Task ProblemsAsync(TextWriter error, IReadOnlyList<ValidationProblem> problems)
    {
        foreach (var problem in problems)
        {
            await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
        }

        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{problems.Count} problem(s) found; nothing was changed.")).ConfigureAwait(false);
    }

    /// <summary>A line per uploaded blob with a counter; written synchronously so lines keep their order.</summary>
    public sealed class UploadProgress(TextWriter writer) : IProgress<PublishProgress>
    {
        public void Report(PublishProgress value) =>
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{value.Done}/{value.Total}] {value.BlobName}"));
    }
}
