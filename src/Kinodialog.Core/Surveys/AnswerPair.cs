namespace Kinodialog.Core.Surveys;

/// <summary>
/// One participant's answer to a question before the film (<see cref="Pre"/>) and after the discussion
/// (<see cref="Post"/>). <see cref="Cluster"/> is the screening the pair comes from, used to pool
/// screenings with a cluster bootstrap; it never identifies a person.
/// </summary>
public readonly record struct AnswerPair(double Pre, double Post, string Cluster = "");
