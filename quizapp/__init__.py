"""quizapp: classroom media-literacy quizzes that cite the news reports they ask about."""
