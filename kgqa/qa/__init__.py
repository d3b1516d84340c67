"""Question answering: question -> QuestionFrame -> strategy (plan, traversal, fact retrieval) -> Answer."""
