from tests.stories.fixtures import *  # noqa: F403
