#:project ../../src/Kinodialog.Core/Kinodialog.Core.csproj

// Writes the exact ffmpeg argument lists Kinodialog.Core builds for every rung (and the poster) of a
// source, one file per command with NUL-separated arguments, for run.sh to execute and time.
// Usage: dotnet run Arguments.cs -- SOURCE OUTPUT_DIRECTORY SOURCE_HEIGHT DURATION_SECONDS THREADS
using System.Globalization;
using Kinodialog.Core.Media;

if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Arguments.cs SOURCE OUTPUT_DIRECTORY SOURCE_HEIGHT DURATION_SECONDS THREADS");
    return 2;
}

var (source, directory) = (args[0], args[1]);
var height = int.Parse(args[2], CultureInfo.InvariantCulture);
var duration = double.Parse(args[3], CultureInfo.InvariantCulture);
var threads = int.Parse(args[4], CultureInfo.InvariantCulture);

var commands = EncodingLadder.For(height)
    .Select(r => (r.Name, FfmpegArguments.Encode(source, Path.Combine(directory, r.FileName), r, threads)))
    .Append(("poster", FfmpegArguments.Poster(source, Path.Combine(directory, "poster.jpg"), duration / 10)))
    .ToList();

for (var i = 0; i < commands.Count; i++)
{
    var (name, arguments) = commands[i];
    File.WriteAllText(Path.Combine(directory, $"{i + 1}-{name}.args"), string.Concat(arguments.Select(a => a + "\0")));
}

return 0;
