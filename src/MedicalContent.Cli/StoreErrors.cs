using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using MedicalContent.Publishing;
using MedicalContent.Storage;

namespace MedicalContent.Cli;

/// <summary>Turns what can go wrong talking to the store into a message and exit code 3.</summary>
internal static class StoreErrors
{
    public static async Task<int> RunAsync(CliContext context, BlobContainerClient container, Func<Task<int>> action)
    {
        string message;
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (IndexConflictException e)
        {
            message = e.Message;
        }
        catch (RequestFailedException e)
        {
            message = $"{BlobContentStore.Describe(container)} answered {e.Status} {e.ErrorCode}: {FirstLine(e.Message)}";
        }
        catch (AuthenticationFailedException e)
        {
            message = $"could not sign in to {BlobContentStore.Describe(container)} with DefaultAzureCredential (managed identity, Azure CLI...): {FirstLine(e.Message)}";
        }
        catch (AggregateException e)
        {
            // The SDK's retry policy gives up with every attempt's exception; the first says why.
            message = $"could not reach {BlobContentStore.Describe(container)}: {FirstLine(e.InnerExceptions.FirstOrDefault()?.Message ?? e.Message)}";
        }
        catch (HttpRequestException e)
        {
            message = $"could not reach {BlobContentStore.Describe(container)}: {FirstLine(e.Message)}";
        }
        catch (InvalidContentException e)
        {
            message = $"the store holds content that cannot be read: {e.Message}";
        }

        await context.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        return ExitCodes.StoreFailed;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
