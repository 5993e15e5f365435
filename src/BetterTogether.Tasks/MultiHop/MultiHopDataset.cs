using BetterTogether.Tasks.Common;
using BetterTogether.Tasks.Retrieval;

namespace BetterTogether.Tasks.MultiHop;

/// <summary>A multi-hop QA data set: questions split into train/dev/test, and the passage corpus to retrieve from.</summary>
/// <typeparam name="TQuestion">The question type.</typeparam>
/// <param name="Split">The questions.</param>
/// <param name="Corpus">The passages a retriever indexes.</param>
public sealed record MultiHopDataset<TQuestion>(DatasetSplit<TQuestion> Split, IReadOnlyList<Passage> Corpus);
