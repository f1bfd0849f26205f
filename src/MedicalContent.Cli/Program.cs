using MedicalContent.Cli;

return await CliApp.RunAsync(args, Console.Out, Console.Error);
