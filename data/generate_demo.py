"""Generate MixScope's bundled demo corpora (seeded, deterministic, stdlib only).

    python data/generate_demo.py            # rewrites data/real.csv, synthetic_*.csv
    python data/generate_demo.py --out DIR  # writes the three files into DIR instead

Every text here is GENERATED from hand-written phrase lists: there is no real human text in the
demo (MixScope must work offline). data/README.md documents the design, the exact counts and
the planted defects. Randomness comes only from ``random.Random.random()`` (the one stream
Python guarantees across versions), so the output is byte-identical everywhere.

The file is long because it is mostly vocabulary; the logic is in the last third.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

SEED = 20240611
DATA_DIR = Path(__file__).resolve().parent
COLUMNS = ("id", "text", "topic", "group", "sentiment", "planted")
SENTIMENTS = ("positive", "neutral", "negative")
T = TypeVar("T")
K = TypeVar("K")

# --------------------------------------------------------------------------------------------
# Vocabulary shared by all topics
# --------------------------------------------------------------------------------------------
CITIES = (
    "Lisbon", "Denver", "Toronto", "Melbourne", "Glasgow", "Oslo", "Lyon", "Chicago", "Seattle",
    "Austin", "Vancouver", "Dublin", "Cape Town", "Santiago", "Montreal", "Edinburgh", "Porto",
    "Bristol", "Leeds", "Auckland", "Helsinki", "Prague", "Vienna", "Portland", "Boston",
    "Minneapolis", "Valencia", "Bergen", "Adelaide", "Halifax", "Cardiff", "Utrecht",
)  # fmt: skip
WHEN = (
    "last weekend", "on Saturday", "yesterday", "last night", "two weeks ago", "this morning",
    "earlier this year", "in March", "over the summer", "last month", "on Friday evening",
    "a few days ago", "in October", "this week", "on Sunday afternoon", "back in January",
)  # fmt: skip
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DURATIONS = (
    "about twenty minutes", "forty minutes", "about an hour", "an hour and a half", "two hours",
    "nearly three hours", "most of the afternoon", "half a day", "about ninety minutes",
)  # fmt: skip
SOURCES = (
    "the local paper", "a report from the council", "figures released in {month}",
    "the organizers", "a survey of {n_big} households", "the regional statistics office",
)  # fmt: skip
GEN_POS = (
    "Honestly, it was wonderful.", "I loved it.", "Really happy with how it turned out.",
    "Highly recommend it.", "What a great way to spend a {weekday}.", "Absolutely fantastic.",
    "Best decision I made all year.", "It was a lovely surprise.", "I'm thrilled with the result.",
    "Would happily do it again.", "Such a pleasant experience from start to finish.",
    "It made my whole week better.", "Genuinely delightful.",
)  # fmt: skip
GEN_NEG = (
    "Frankly, it was terrible.", "I was really disappointed.", "What a waste of money.",
    "Never again, it was horrible.", "It ruined the whole weekend.",
    "I'm so frustrated with the whole thing.",
    "Awful, just awful.", "A complete disaster from start to finish.", "I regret it.",
    "It left me angry and exhausted.", "Such a sad way to end the week.",
    "Worst experience in a long time.", "Really annoying and stressful.",
)  # fmt: skip
GEN_NEU = (
    "I'll post an update next month.", "That's where things stand for now.",
    "We'll see how it goes.", "More details next week.", "It took {dur}.",
    "I wrote down the details for next time.", "Nothing more to add for now.",
    "The next one is scheduled for {month}.", "I'll report back after {month}.",
    "Posting this in case anyone else is wondering.", "Details are on the noticeboard.",
)  # fmt: skip
PERSON_POS = (
    "{Ps} loved it as much as I did.", "{Ps} {was} so happy afterwards.",
    "{Ps} called it a wonderful idea.", "{Ps} {was} delighted with how it went.",
    "{Ps} said it was the best part of the month.", "{Ps} {was} thrilled and thanked everyone.",
    "{Ps} laughed the whole way home.", "{Ps} thought it was brilliant.",
)  # fmt: skip
PERSON_NEG = (
    "{Ps} {was} just as disappointed as I was.", "{Ps} called it a total waste of time.",
    "{Ps} {was} furious about it.", "{Ps} said it was the worst part of the month.",
    "{Ps} left upset and annoyed.", "{Ps} thought it was awful.",
    "{Ps} complained about it all evening.", "{Ps} {was} miserable by the end.",
)  # fmt: skip
PERSON_NEU = (
    "{Ps} took notes.", "{Ps} had done it once before.", "{Ps} drove us there.",
    "{Ps} paid for half of it.", "{Ps} suggested trying it again in {month}.",
    "{Ps} brought a map and a flask of tea.", "{Ps} asked about the schedule.",
    "{Ps} {was} there for the first time.", "{Ps} read the instructions out loud.",
)  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """Phrase lists for one topic. ``acts`` are past-tense verb phrases with no subject."""

    acts: tuple[str, ...]
    things: tuple[str, ...]
    venues: tuple[str, ...]
    facts: tuple[str, ...]
    pos: tuple[str, ...]
    neg: tuple[str, ...]
    questions: tuple[str, ...]
    tips: tuple[str, ...]


def _topic(**lists: Sequence[str]) -> Topic:
    return Topic(**{k: tuple(v) for k, v in lists.items()})


TOPICS: dict[str, Topic] = {
    "cooking": _topic(
        acts=["made lentil soup from a new recipe", "baked a sourdough loaf",
              "cooked a mushroom risotto for dinner", "made banana bread with the last bananas",
              "tried a chicken curry from a cookbook", "made black bean tacos for a potluck",
              "spent the afternoon making spring rolls", "attempted a plum tart for the first time",
              "cooked a big pot of chili", "made shakshuka for brunch"],
        things=["lentil soup", "a sourdough loaf", "mushroom risotto", "banana bread", "chili",
                "a plum tart", "spring rolls"],
        venues=["the farmers market", "a cooking class", "the corner bakery", "the food hall"],
        facts=["The recipe calls for {n} cloves of garlic and a splash of vinegar.",
               "It takes {dur} from start to finish.",
               "The ingredients came to roughly {price_small}.",
               "Most of the vegetables came from {venue}.",
               "The oven was set to 180 degrees for {dur}.",
               "The recipe is from a cookbook published in {year}.",
               "It makes enough for {n} people."],
        pos=["It turned out delicious and everyone asked for seconds.",
             "Honestly the best thing I have cooked this year.",
             "The flavors were amazing, rich and perfectly balanced.",
             "I love how simple it was.", "The whole kitchen smelled wonderful."],
        neg=["It came out burnt and bland, a total failure.",
             "Total disaster, the dough never rose.",
             "It was so salty that nobody could finish it, which was awful.",
             "I hate wasting ingredients like that.",
             "The recipe was terrible and the instructions were confusing."],
        questions=["Does anyone know how to keep {thing} from drying out?",
                   "Can {thing} be frozen for later?", "What do you serve with {thing}?",
                   "Is there a vegetarian version of {thing}?"],
        tips=["Salt the water before the pasta goes in.", "Let the dough rest for an hour.",
              "Toast the spices in a dry pan first.", "Write the oven temperature on the card."],
    ),
    "sports": _topic(
        acts=["went to a basketball game downtown", "ran the city 10k",
              "watched the regional swimming final", "took part in a five-a-side football match",
              "signed up for the local half marathon", "volunteered at a cycling race",
              "went to a rugby match in the rain", "watched a tennis tournament on a big screen",
              "joined a volleyball league", "went to see a cricket match"],
        things=["the half marathon", "a volleyball league", "the 10k", "a rugby match",
                "the swimming final", "a cycling race"],
        venues=["the stadium", "the leisure center", "the park", "the sports hall"],
        facts=["The final score was {n} to {n2}.", "Around {n_big} people were in the stands.",
               "Tickets were {price_small} each.", "The race started at 8 a.m. near {venue}.",
               "The club was founded in {year}.", "The season runs until {month}.",
               "It lasted {dur}."],
        pos=["What a brilliant game, the crowd was amazing.",
             "Our team won and the atmosphere was fantastic.", "I loved every minute of it.",
             "Such a great day out, full of energy and excitement.",
             "Proud of everyone who finished."],
        neg=["We lost badly and the referee was terrible.",
             "The organization was a mess and the seats were awful.",
             "Boring game, a complete waste of an afternoon.", "It was painful to watch.",
             "Freezing rain, a horrible pitch and a miserable result."],
        questions=["Does anyone know when registration for {thing} opens?",
                   "Is {thing} suitable for beginners?",
                   "Where do people usually park for {thing}?",
                   "How long does {thing} usually last?"],
        tips=["Arrive early because parking fills up fast.", "Bring water and a light jacket.",
              "Check the schedule the night before.", "Stretch for ten minutes before you start."],
    ),
    "health": _topic(
        acts=["started a new physiotherapy routine", "got the annual vaccination at the pharmacy",
              "went for an annual checkup", "had a blood test first thing in the morning",
              "finished a course of antibiotics", "had knee surgery",
              "booked a dental cleaning", "started a walking program after work",
              "went to a sleep clinic", "changed my diet on the advice of a dietitian"],
        things=["the annual vaccination", "a blood test", "knee surgery", "a sleep clinic visit",
                "physiotherapy", "a dental cleaning"],
        venues=["the clinic", "the pharmacy", "the hospital", "the health center"],
        facts=["The appointment lasted {dur}.", "The waiting list in {city} is around {n} weeks.",
               "The prescription cost {price_small}.", "The clinic opens at 8 a.m. on weekdays.",
               "The doctor asked about sleep, diet and exercise.",
               "Roughly {pct} percent of adults in the region are due for one.",
               "The follow-up is booked for {month}."],
        pos=["I feel so much better already.", "The staff were kind, calm and wonderful.",
             "Great news, everything looks healthy.", "Really grateful for the excellent care.",
             "The nurse was lovely and the whole thing was quick."],
        neg=["The pain was awful for days afterwards.",
             "Terrible experience, nobody explained anything.",
             "I waited four hours and left feeling worse.",
             "The side effects have been horrible.", "Frustrating, expensive and exhausting."],
        questions=["How long does recovery from {thing} usually take?",
                   "Does insurance cover {thing}?", "How many days off are usual after {thing}?",
                   "Should I eat before {thing}?"],
        tips=["Bring a list of your medications.", "Drink water before a blood test.",
              "Write down questions before the appointment.", "Ask for a copy of the results."],
    ),
    "travel": _topic(
        acts=["took the night train to the coast", "went on a road trip along the coast",
              "booked a guesthouse by the lake", "went hiking in the mountains",
              "took a ferry to the islands", "did a walking tour of {city}",
              "spent four days in {city}", "went camping near a glacier",
              "flew to {city} on a budget airline", "stayed in a hostel in {city}"],
        things=["the night train", "a road trip", "a walking tour", "the ferry", "camping",
                "a budget airline"],
        venues=["the airport", "the train station", "the harbor", "the visitor center"],
        facts=["The journey took {dur} longer than planned.", "A return ticket was {price}.",
               "We stayed {n} nights.", "The town has about {n_big} residents.",
               "Check-in was at 3 p.m.", "The last bus leaves at 11 p.m.",
               "The route covers roughly {n_km} kilometers."],
        pos=["The views were absolutely stunning.", "Best trip we have taken in years.",
             "The food was amazing and the town was beautiful.",
             "I loved waking up to the sound of the sea.", "A beautiful, relaxing week."],
        neg=["The flight was delayed six hours and the airline was useless.",
             "The room was dirty and the staff were rude.",
             "A tourist trap, overpriced and crowded.",
             "Our luggage got lost, which ruined the first two days.",
             "Horrible weather and a terrible hotel."],
        questions=["Is {month} a sensible time for {thing}?",
                   "Do I need to book {thing} in advance?",
                   "How much cash should I bring for {thing}?",
                   "Any tips for {thing} on a budget?"],
        tips=["Download maps to your phone before the trip.", "Keep a copy of your passport.",
              "Book train seats a month ahead.", "Pack a small first-aid kit."],
    ),
    "finance": _topic(
        acts=["opened a high-yield savings account", "set up a monthly budget spreadsheet",
              "moved some savings into an index fund", "finally filed the tax return",
              "refinanced the mortgage", "moved the current account to a building society",
              "tried a robo-advisor for a few months", "consolidated two pension pots",
              "applied for a small business loan", "ended four unused subscriptions"],
        things=["an index fund", "a robo-advisor", "the tax return", "a savings account",
                "a mortgage refinance", "a pension transfer"],
        venues=["the bank", "the building society", "the tax office", "an online broker"],
        facts=["The rate is {pct_small} percent.", "The fee is {price_small} a month.",
               "Inflation in the region was {pct_small} percent last year.",
               "The account requires a minimum deposit of {price}.",
               "The paperwork took {dur}.", "Payments are due on the first of each month.",
               "The deadline is in {month}."],
        pos=["Great decision, the returns have been excellent so far.",
             "I'm so relieved to finally have a plan.",
             "The advisor was brilliant and explained everything clearly.",
             "Happy to see the balance growing every month.",
             "Best financial move I have made."],
        neg=["Hidden fees everywhere, a terrible deal.", "I lost money and I'm really angry.",
             "The bank was useless and the app kept crashing.",
             "Stressful, confusing and a waste of time.",
             "Worst customer service I have ever dealt with."],
        questions=["Is {thing} a sensible choice right now?",
                   "How do people compare fees on {thing}?",
                   "What documents do I need for {thing}?", "Can {thing} be closed later?"],
        tips=["Read the fee schedule before signing.", "Set up automatic transfers on payday.",
              "Keep receipts for five years.", "Compare at least three offers."],
    ),
    "technology": _topic(
        acts=["bought a new laptop", "installed the latest phone update",
              "set up a mesh Wi-Fi system", "switched to a password manager",
              "started wearing a smartwatch", "built a home server from spare parts",
              "bought a budget tablet", "tried noise-cancelling headphones",
              "moved all our photos to a new cloud service", "replaced the router"],
        things=["the new laptop", "a password manager", "the smartwatch", "a mesh Wi-Fi system",
                "the tablet", "the cloud service"],
        venues=["the electronics store", "an online shop", "the repair shop", "the library"],
        facts=["It has {n_gb} GB of storage.", "The battery lasts around {n} hours.",
               "It cost {price}.", "The update was released in {month}.",
               "Setup took {dur}.", "It weighs about 1.3 kilograms.",
               "The model first came out in {year_recent}."],
        pos=["Fast, reliable and a joy to use.", "I love it, the battery life is excellent.",
             "Setup was simple and everything works perfectly.",
             "Brilliant screen and great sound.", "Best purchase I have made in a while."],
        neg=["It crashes constantly, totally useless.",
             "The battery is terrible and the screen scratched within days.",
             "Awful software, slow and full of bugs.", "I regret buying it.",
             "The replacement was broken too, which was infuriating."],
        questions=["Does {thing} work with older devices?",
                   "How long do updates last for {thing}?",
                   "Is {thing} compatible with Linux?",
                   "Where can I recycle {thing} at the end of its life?"],
        tips=["Turn on automatic backups first.", "Use a different password for every account.",
              "Keep the box and the receipt.", "Restart the router before phoning the provider."],
    ),
    "gardening": _topic(
        acts=["planted tomato seedlings", "built a raised vegetable bed", "started a compost heap",
              "put in climbing roses along the fence", "started a herb garden on the balcony",
              "grew potatoes in grow bags", "planted a small apple tree",
              "sowed wildflower seeds along the path", "put up a greenhouse",
              "planted strawberries in the old bathtub"],
        things=["tomato seedlings", "climbing roses", "a compost heap", "the apple tree",
                "strawberries", "a herb garden"],
        venues=["the garden center", "the allotment", "the community garden", "the plant nursery"],
        facts=["The seeds went in {n} centimeters deep.", "The bed is about two meters long.",
               "The soil tested at pH {ph}.", "Last frost in {city} is usually in {month}.",
               "A bag of compost costs {price_small}.", "It needs {n} hours of sun a day.",
               "The variety dates back to {year}."],
        pos=["Everything is thriving and the colors are beautiful.",
             "We had an amazing harvest this year.",
             "I love spending quiet mornings out there.", "The roses look gorgeous.",
             "So satisfying to eat something we grew ourselves."],
        neg=["Slugs destroyed half of it overnight.",
             "The drought killed everything, so disappointing.",
             "A terrible year, nothing grew properly.", "Mold ruined the whole crop.",
             "Hours of work wasted."],
        questions=["When should I prune {thing}?", "How often does {thing} need water?",
                   "Can {thing} survive a frost?", "What soil suits {thing}?"],
        tips=["Water early in the morning.", "Label every row when you sow.",
              "Turn the compost every two weeks.", "Mulch around the stems in summer."],
    ),
    "music": _topic(
        acts=["went to a jazz concert", "went to an outdoor folk concert",
              "sat through a choir rehearsal", "went to a piano recital",
              "spent the morning at a vinyl record market", "heard a string quartet",
              "performed at an open mic night", "joined a drum circle in the park",
              "went to a guitar workshop", "went to the release show for a new album"],
        things=["the folk concert", "an open mic night", "the guitar workshop",
                "the piano recital", "the record market", "the jazz concert"],
        venues=["the concert hall", "a small club downtown", "the record shop", "the music school"],
        facts=["The set lasted {dur}.", "Tickets were {price_small}.",
               "The venue holds about {n_big} people.", "The band formed in {year}.",
               "The program included {n} pieces.", "Doors opened at 7 p.m.",
               "The next show is in {month}."],
        pos=["The music was beautiful and the sound was perfect.",
             "An amazing night, I loved every song.",
             "The band was fantastic and the crowd was happy.",
             "Gave me goosebumps, truly wonderful.",
             "Brilliant performance from start to finish."],
        neg=["The sound was terrible and the singer seemed bored.",
             "Awful acoustics and a rude crowd.", "Overpriced and disappointing.",
             "They performed for twenty minutes and left, which was ridiculous and insulting.",
             "Worst concert I have been to."],
        questions=["Does anyone know if {thing} is recorded?",
                   "What time does {thing} usually finish?",
                   "Is {thing} suitable for beginners?", "Are there discounts for {thing}?"],
        tips=["Bring earplugs for small venues.", "Practice scales for ten minutes a day.",
              "Buy tickets from the venue directly.", "Arrive before doors open."],
    ),
    "education": _topic(
        acts=["enrolled in an evening Spanish course", "finished a statistics class",
              "started an online coding bootcamp", "went to a history lecture series",
              "earned a first-aid certificate", "joined a writing workshop",
              "judged projects at a school science exhibition",
              "started math tutoring twice a week",
              "signed up for a distance-learning degree", "sat an exam in accounting"],
        things=["the Spanish course", "a coding bootcamp", "the writing workshop",
                "a distance-learning degree", "math tutoring", "the accounting exam"],
        venues=["the community college", "the public library", "the school hall",
                "the university"],
        facts=["The course runs for {n} weeks.", "Classes are on Tuesday and Thursday evenings.",
               "The fee is {price}.", "There are {n} people in the group.",
               "The final exam is in {month}.", "The program started in {year}.",
               "Each session lasts {dur}."],
        pos=["The teacher was excellent and really inspiring.",
             "I learned so much and enjoyed every class.",
             "Great materials and a friendly group.", "Best course I have taken.",
             "I'm proud and happy I stuck with it."],
        neg=["The teacher was disorganized and the lessons were boring.",
             "A waste of money, I learned nothing.",
             "Stressful deadlines and terrible feedback.",
             "The platform kept failing during exams.", "I was bitterly disappointed."],
        questions=["Is {thing} recognized by employers?",
                   "How many hours a week does {thing} take?",
                   "Can {thing} be done part-time?",
                   "Where can I find reading lists for {thing}?"],
        tips=["Review notes on the same day.", "Book study rooms early.",
              "Ask questions during office hours.", "Keep a calendar of deadlines."],
    ),
    "parenting": _topic(
        acts=["started a new bedtime routine", "began potty training",
              "got through the first day at nursery", "set new screen-time rules",
              "took the kids camping for a weekend", "introduced a weekly chore chart",
              "threw a birthday picnic for the kids", "tried baby-led weaning",
              "changed the school run to walking", "moved homework time to after dinner"],
        things=["a bedtime routine", "potty training", "screen-time rules", "the school run",
                "a chore chart", "nursery"],
        venues=["the playground", "the nursery", "the pediatric clinic", "the school gate"],
        facts=["The routine starts at 7 p.m. with a bath.", "Nursery costs {price} a month here.",
               "The school day ends at 3:15.", "There are {n} children in the class.",
               "The guidelines were updated in {year_recent}.",
               "Bedtime moved to 8 p.m. in {month}.", "It took about {n} weeks to settle in."],
        pos=["The kids loved it and so did we.", "Such a happy, calm evening for once.",
             "It worked wonderfully.", "Proud parent moment.",
             "The whole family had a great time."],
        neg=["Tears, tantrums and a terrible night.",
             "It was a stressful mess from start to finish.",
             "Nothing worked and everyone ended up upset.",
             "Exhausting, I'm completely worn out.", "Awful week, nobody slept."],
        questions=["How did others handle {thing}?",
                   "At what age did your kids start {thing}?",
                   "How did you approach {thing} with a quiet child?",
                   "How long did {thing} take to settle in?"],
        tips=["Keep the routine the same every night.", "Pack a spare set of clothes.",
              "Announce the time five minutes before leaving.", "Write the chores on the fridge."],
    ),
    "climate": _topic(
        acts=["went to a council meeting about the new bike lanes",
              "had a heat pump installed", "joined a tree-planting day by the river",
              "read the report on regional rainfall", "put solar panels on the roof",
              "tried a plastic-free month", "signed up for a community solar project",
              "wrote to the council about flood barriers",
              "switched to an electric bus route for the commute",
              "measured the household carbon footprint"],
        things=["a heat pump", "the bike lane plan", "solar panels", "the flood barriers",
                "the community solar project", "the tree-planting day"],
        venues=["the town hall", "the library", "the community center", "the river path"],
        facts=["Average summer temperatures in {city} rose by {deg} degrees since {year}.",
               "The project covers {n} streets.", "The subsidy comes to {price}.",
               "Rainfall in {month} was {pct} percent above average.",
               "The council vote is scheduled for {month}.", "Installation takes {dur}.",
               "The panels produce about {n} kilowatt-hours a day."],
        pos=["Really encouraging progress, I'm hopeful.",
             "A great example of people working together.",
             "I love seeing the neighborhood get greener.",
             "Brilliant idea and well organized.",
             "Our bills are lower and the house is more comfortable."],
        neg=["The flooding was devastating for the whole street.",
             "Another terrible summer of heat and wildfires.",
             "Frustrating to see the plan scrapped again.",
             "The meeting was a waste, nothing was decided.",
             "I'm worried and angry about how slow this is."],
        questions=["Does {thing} actually reduce emissions?", "Who pays for {thing}?",
                   "When will {thing} be finished?", "Is there a subsidy for {thing}?"],
        tips=["Check which subsidies apply in your area.",
              "Turn the thermostat down one degree.", "Dry clothes outside in summer.",
              "Bring a reusable cup."],
    ),
    "history": _topic(
        acts=["visited a museum exhibit on the railways", "walked the medieval city walls",
              "spent a day in the local archive", "watched a documentary about the mills",
              "went on a tour of a castle", "read a collection of nineteenth-century letters",
              "saw the shipwreck exhibit at the harbor", "followed an ancient Roman road",
              "saw the first printing press in the region",
              "traced the family tree back to {year}"],
        things=["the castle tour", "the local archive", "the railway exhibit",
                "the city walls", "the shipwreck exhibit", "the Roman road"],
        venues=["the city museum", "the archive", "the heritage center", "the harbor museum"],
        facts=["The walls date back to {year_old}.", "The collection holds about {n_big} items.",
               "Entry is {price_small}.", "The site was rediscovered in {year}.",
               "The tour lasts {dur}.", "The building was renovated in {year}.",
               "Around {n} handwritten documents are on display."],
        pos=["Fascinating and beautifully presented.", "I loved the detail in every room.",
             "An amazing glimpse of the past.",
             "The guide was brilliant and so knowledgeable.", "Well worth the trip."],
        neg=["Poorly labeled and dreadfully boring.",
             "Half the exhibits were closed, very disappointing.",
             "The guide rushed everything and it felt dull and pointless.",
             "Crowded, noisy and a waste of money.", "Terrible signage, we got lost twice."],
        questions=["Does anyone know who built {thing}?", "Is {thing} open in {month}?",
                   "Are there records about {thing} online?",
                   "How long should I plan for {thing}?"],
        tips=["Check the opening hours before you go.", "Ask for the audio guide at the desk.",
              "Photos are allowed in most rooms.", "Wear walking shoes for the tour."],
    ),
    "science": _topic(
        acts=["went to a public lecture on black holes", "took part in a citizen bird count",
              "saw the planetarium show", "went to a lab open day",
              "spent a night at a telescope viewing", "joined a fossil dig",
              "watched a robotics display", "went to the science week events",
              "sat in on a seminar on battery chemistry", "heard a talk on gut bacteria"],
        things=["the bird count", "the planetarium show", "a telescope viewing",
                "the fossil dig", "the science week", "the battery seminar"],
        venues=["the university", "the observatory", "the science museum", "the lab"],
        facts=["The study followed {n_big} participants for {n} years.",
               "The telescope has a {n}-inch mirror.", "The results were published in {month}.",
               "The lab was founded in {year}.", "The talk lasted {dur}.",
               "The sample size was {n_big}.", "The effect was about {pct} percent."],
        pos=["Fascinating, I learned so much.", "The speaker was brilliant and funny.",
             "An amazing night under clear skies.", "Really exciting results.",
             "I loved the hands-on demonstrations."],
        neg=["Dull slides and a confusing talk.", "Clouds ruined the whole night.",
             "The findings were overhyped and disappointing.",
             "Badly organized and far too crowded.",
             "The equipment failed, which was frustrating."],
        questions=["Has {thing} been repeated anywhere else?",
                   "Where can I read more about {thing}?", "Is {thing} open to the public?",
                   "How was {thing} funded?"],
        tips=["Read the abstract and the methods first.", "Bring binoculars and a red torch.",
              "Check the sample size before passing on a headline.",
              "Bring extra layers for night sessions."],
    ),
    "cars": _topic(
        acts=["bought a used hatchback", "test-drove an electric car",
              "had the winter tires fitted", "took the car in for its annual inspection",
              "joined a car-sharing scheme", "replaced the battery in the van",
              "had a new set of brakes fitted", "took a driving lesson on the motorway",
              "put a roof box on for the summer", "sold the hybrid SUV"],
        things=["a used hatchback", "an electric car", "winter tires", "the annual inspection",
                "car-sharing", "new brakes"],
        venues=["the garage", "the dealership", "the test center", "the charging station"],
        facts=["The range is about {n_km} kilometers.", "The quote was {price}.",
               "It has {n_big} miles on the clock.", "The inspection took {dur}.",
               "The model was first sold in {year_recent}.",
               "Charging to 80 percent takes {dur}.",
               "Insurance comes to {price_small} a month."],
        pos=["Smooth, quiet and a pleasure to drive.",
             "Great value and the mechanic was honest.", "I love how cheap it is to run.",
             "Excellent service, done in an hour.", "Best car I have owned."],
        neg=["It broke down twice in the first week.",
             "The garage overcharged me and the fault is still there.",
             "Terrible mileage and an awful seat.", "A stressful, expensive mess.",
             "The dealer was rude and dishonest."],
        questions=["Is {thing} reliable in winter?", "What should {thing} cost?",
                   "How often should {thing} be checked?", "Can {thing} wait until {month}?"],
        tips=["Check the tires once a month.", "Ask for the old parts back.",
              "Get at least two quotes.", "Keep the service history in the glove box."],
    ),
    "pets": _topic(
        acts=["adopted a shelter dog", "brought home a new kitten",
              "took the dog to the vet for a checkup", "started puppy training classes",
              "built a rabbit hutch", "switched the cat to a new food",
              "hired a dog walker", "took the dog to the groomer",
              "set up a fish tank", "had the kitten microchipped"],
        things=["a shelter dog", "puppy training", "the new cat food", "a dog walker",
                "the groomer", "a fish tank"],
        venues=["the vet", "the shelter", "the pet shop", "the dog park"],
        facts=["The adoption fee was {price_small}.", "The vet visit took {dur}.",
               "The dog is {n} years old and weighs {n_kg} kilos.",
               "The classes run for {n} weeks.", "The shelter has about {n} dogs right now.",
               "The tank holds {n_l} liters.", "Vaccinations are due in {month}."],
        pos=["The sweetest little thing, we adore her already.",
             "Best decision we ever made.", "So playful, happy and gentle.",
             "The trainer was excellent.", "I love coming home to that wagging tail."],
        neg=["The vet bill was outrageous.", "The kitten was sick all week, which was awful.",
             "The dog walker lost the lead and the dog ran off, terrifying.",
             "Terrible service at the groomer.", "Chewed shoes, ruined sofa, exhausting week."],
        questions=["How do you introduce {thing} to an older cat?",
                   "What should {thing} cost?", "Is {thing} a sensible first step?",
                   "How long does {thing} take to get used to?"],
        tips=["Keep the clinic phone details by the door.", "Introduce new food over a week.",
              "Walk before feeding.", "Check the microchip details once a year."],
    ),
    "film": _topic(
        acts=["watched the new mystery at the cinema", "finally saw the documentary",
              "went to a preview screening", "rewatched an animated classic",
              "saw a silent film from the 1920s with a pianist",
              "watched a detective series in one weekend",
              "caught a late showing of a sci-fi epic", "went to an outdoor screening",
              "saw a foreign-language drama", "watched an extended edition at home"],
        things=["the new mystery", "the documentary", "the preview screening", "the sci-fi epic",
                "the detective series", "the extended edition"],
        venues=["the cinema", "the arts center", "the park", "the film club"],
        facts=["It runs for {dur}.", "Tickets were {price_small}.", "It was filmed in {city}.",
               "The first version came out in {year}.", "The series has {n} episodes.",
               "The season includes about {n} screenings.", "It opens nationwide in {month}."],
        pos=["Gorgeous cinematography and a brilliant cast.",
             "I loved it, easily the best film this year.",
             "Funny, moving and beautifully made.", "An amazing soundtrack too.",
             "I was smiling all the way home."],
        neg=["Boring, predictable and far too long.", "The ending was awful.",
             "A terrible script wasted the cast.",
             "The projector failed twice, which ruined it.",
             "I nearly walked out, it was that bad."],
        questions=["Is {thing} suitable for a family evening?", "Where can I stream {thing}?",
                   "Does {thing} have subtitles?", "Is there a sequel to {thing}?"],
        tips=["Book seats in the middle row.", "Check the running time before you go.",
              "Matinee tickets are cheaper.", "Switch off your phone before it starts."],
    ),
    "fashion": _topic(
        acts=["bought a secondhand wool coat", "had a pair of boots resoled",
              "sorted through the wardrobe", "went to a vintage clothing market",
              "tried a capsule wardrobe for a month", "ordered linen shirts online",
              "learned to hem trousers", "went to a clothes swap",
              "dyed a faded denim jacket", "knitted a scarf"],
        things=["a capsule wardrobe", "the wool coat", "linen shirts", "the boots",
                "a clothes swap", "a denim jacket"],
        venues=["the vintage market", "the tailor", "the thrift store", "the department store"],
        facts=["The coat cost {price_small}.", "The market runs on the first {weekday} monthly.",
               "About {n} items went to the thrift store.", "Resoling took {n} days.",
               "The brand was founded in {year}.", "The fabric is 100 percent linen.",
               "The sale starts in {month}."],
        pos=["It fits perfectly and looks great.",
             "I love the color and the quality is excellent.",
             "Such a fun afternoon, I found beautiful pieces.",
             "Really happy with how it turned out.", "Comfortable, stylish and well made."],
        neg=["The seams ripped after one wash, really disappointing.",
             "Flimsy fabric and a terrible, ugly fit.",
             "The store refused a refund, really annoying.",
             "Ugly in person, nothing like the photos.", "What a waste of money."],
        questions=["How do you wash {thing}?", "Where can I find {thing} in larger sizes?",
                   "Is {thing} thick enough for winter?", "How long should {thing} last?"],
        tips=["Check the seams before you buy.", "Wash wool in cold water.",
              "Keep receipts until the first wash.", "Measure yourself before ordering online."],
    ),
    "housing": _topic(
        acts=["signed a lease on a two-bedroom flat", "moved into a new apartment",
              "viewed a house near the river", "repainted the living room",
              "fixed a leaking kitchen tap", "went to a tenants' association meeting",
              "had the boiler serviced", "started looking for a place to rent",
              "replaced the windows", "put in an offer on a terraced house"],
        things=["the lease", "the boiler", "a deposit", "the renovation", "a rental listing",
                "the windows"],
        venues=["the letting agency", "the hardware store", "the town hall", "the estate office"],
        facts=["Rent is {price} a month.", "The flat is about {n_sqm} square meters.",
               "The deposit was {price}.", "The building dates from {year}.",
               "The lease runs until {month}.",
               "Average rents in {city} rose {pct} percent this year.",
               "The viewing lasted {dur}."],
        pos=["Bright, quiet and a lovely neighborhood.", "The landlord has been great so far.",
             "I love the new place.", "It finally feels like home and I'm so happy.",
             "Great value for the area."],
        neg=["Damp, noisy, dirty and far too expensive.",
             "The landlord ignores every complaint, so frustrating.",
             "The move was a stressful nightmare.", "Mold in the bathroom and a broken heater.",
             "Terrible experience with the letting agent."],
        questions=["Is {thing} negotiable?", "Who pays for repairs to {thing}?",
                   "How much notice is needed for {thing}?",
                   "What should I check before signing {thing}?"],
        tips=["Photograph every room when you move in.", "Read the whole lease before signing.",
              "Run the taps during the viewing.",
              "Keep copies of every message to the landlord."],
    ),
    "law": _topic(
        acts=["went to small claims court over a deposit", "read the new data protection rules",
              "did jury service", "signed a will with a solicitor",
              "contested a parking ticket", "sat in the public gallery of a trial",
              "drafted a tenancy contract", "went to a drop-in session with a lawyer",
              "registered a small company", "read the terms of a new employment contract"],
        things=["small claims court", "jury service", "a will", "the parking ticket",
                "the data protection rules", "a tenancy contract"],
        venues=["the county court", "the library", "the solicitor's office", "the town hall"],
        facts=["The hearing lasted {dur}.", "The filing fee was {price_small}.",
               "The law came into force in {year_recent}.",
               "Appeals must be filed within {n} days.", "The case was listed for {month}.",
               "About {n_big} cases are heard there each year.",
               "The judge read out {n} points."],
        pos=["The judge was fair and we won.", "The advice was excellent and clear.",
             "Relieved and grateful it is settled.", "A great outcome after months of waiting.",
             "The solicitor was brilliant."],
        neg=["The process was confusing and unfair.",
             "We lost, and the costs were outrageous.",
             "Terrible, useless advice that cost me dearly.",
             "Months of delays, completely frustrating.",
             "I felt ignored and humiliated."],
        questions=["Do I need a lawyer for {thing}?", "How long does {thing} usually take?",
                   "What evidence matters for {thing}?", "Can {thing} be done online?"],
        tips=["Keep every letter and receipt.", "Write down dates as things happen.",
              "Check the deadline for an appeal.", "Ask for the decision in writing."],
    ),
    "careers": _topic(
        acts=["started a new job at a logistics firm", "had an interview for an analyst role",
              "asked for a raise", "finished the first month as a team lead",
              "updated the resume and applied to ten roles", "went to a careers expo",
              "switched from retail to software testing", "had the annual performance review",
              "negotiated a four-day week", "started mentoring a new hire"],
        things=["the interview", "a promotion", "the new role", "a career change",
                "a performance review", "a four-day week"],
        venues=["the office", "the careers expo", "the job center", "the coworking space"],
        facts=["The salary is {salary} a year.", "The interview had {n} rounds.",
               "The team has {n} people.", "The contract starts in {month}.",
               "The company was founded in {year}.", "The commute is {dur} each way.",
               "About {pct} percent of staff work remotely."],
        pos=["Got the job and I'm thrilled.", "The manager is supportive and the team is great.",
             "Best career move I have made.", "Excited and proud.",
             "The feedback was excellent."],
        neg=["Rejected again, and no feedback at all.",
             "The workload is crushing and the pay is awful.",
             "A toxic team and a terrible manager.", "Stressful, exhausting and badly paid.",
             "I feel stuck and miserable."],
        questions=["How do you prepare for {thing}?", "Is {thing} common in this industry?",
                   "How long should {thing} take?", "What questions come up in {thing}?"],
        tips=["Research the company before the interview.", "Keep a list of achievements.",
              "Ask about the team structure.", "Follow up by email within a day."],
    ),
    "books": _topic(
        acts=["finished a thousand-page book of myths", "joined a book club at the library",
              "read a memoir about sailing", "reread a classic detective story",
              "went to an author reading", "borrowed a biography of a chemist",
              "switched to audiobooks on the commute", "read a short story collection",
              "started a reading journal", "read a book set in {city}"],
        things=["the book of myths", "the book club", "the memoir", "audiobooks",
                "the detective story", "the biography"],
        venues=["the library", "the bookshop", "the book market", "the reading room"],
        facts=["It runs to {n_pages} pages.", "It was first published in {year}.",
               "The club meets every other {weekday}.", "It took {n} days to finish.",
               "The paperback is {price_small}.", "The author lives in {city}.",
               "The series has {n} books."],
        pos=["Beautifully written, I loved every chapter.", "A brilliant, gripping read.",
             "The ending was perfect.", "Funny and warm, a real delight.",
             "One of the best books I have read."],
        neg=["Dull, slow and badly edited.", "The ending was a miserable letdown.",
             "I hated the main character.", "Boring, I gave up halfway.",
             "Terrible translation, full of errors."],
        questions=["Should I read {thing} in order?", "Is there an audiobook of {thing}?",
                   "Who else has read {thing}?", "How long does {thing} take to read?"],
        tips=["Keep a list of books to read.", "Library holds usually arrive in a week.",
              "Read a chapter before bed.", "Take notes in the margins."],
    ),
    "gaming": _topic(
        acts=["finished a long role-playing game", "tried a co-op puzzle game online",
              "went to a board game café", "tried a new strategy game",
              "built a gaming PC", "joined a local chess club",
              "started a tabletop campaign", "stayed up late with a racing game",
              "entered an online chess tournament", "tried a virtual reality headset"],
        things=["the role-playing game", "the board game café", "the strategy game",
                "a gaming PC", "the chess club", "the tabletop campaign"],
        venues=["the game shop", "the board game café", "the community hall", "the arcade"],
        facts=["It took about {n} hours to finish.", "The game costs {price_small}.",
               "The club meets on {weekday} nights.", "The campaign has {n} players.",
               "It was released in {year_recent}.", "A match lasts around {dur}.",
               "The PC parts came to {price}."],
        pos=["So much fun, I loved it.", "Brilliant design and a great story.",
             "Hours of fun with friends.", "An amazing game, easily a favorite.",
             "The community is friendly and welcoming."],
        neg=["Buggy, boring and overpriced.", "The servers crashed constantly, so frustrating.",
             "Terrible controls ruined it.", "The ending was a bitter disappointment.",
             "Toxic, hostile players and a pointless grind."],
        questions=["Is {thing} suitable for beginners?", "How long is {thing}?",
                   "Does {thing} need an internet connection?",
                   "Does {thing} have a split-screen mode?"],
        tips=["Check the system requirements first.", "Take a break every hour.",
              "Learn one opening at a time.", "Keep backups of game files."],
    ),
    "art": _topic(
        acts=["went to a watercolor class", "visited a photography exhibition",
              "painted a landscape for the first time", "went to an open studio day",
              "took a pottery course", "sketched at the botanical garden",
              "saw a sculpture show", "went to a printmaking workshop",
              "framed three old prints", "visited a mural trail"],
        things=["the watercolor class", "the exhibition", "the pottery course",
                "the open studio", "the sculpture show", "the printmaking workshop"],
        venues=["the gallery", "the art school", "the studio", "the botanical garden"],
        facts=["The course runs for {n} weeks.", "Materials cost {price_small}.",
               "The exhibition has about {n_big} works.", "The gallery opened in {year}.",
               "The show closes in {month}.", "The session lasted {dur}.",
               "The kiln fires at about 1,200 degrees."],
        pos=["Beautiful work, I was amazed.", "I loved the calm atmosphere.",
             "The teacher was brilliant and encouraging.",
             "So inspiring, I want to go back.", "My pot actually turned out lovely."],
        neg=["Pretentious and boring.", "The teacher was rude and dismissive.",
             "My painting was a disaster.", "Overpriced, cramped and disappointing.",
             "Half the works were damaged, very sad."],
        questions=["Does {thing} suit complete beginners?",
                   "What materials do I need for {thing}?", "Is {thing} open on weekends?",
                   "How much does {thing} cost?"],
        tips=["Start with a small set of colors.", "Keep the clay covered between sessions.",
              "Look at one room at a time.", "Sketch every day for ten minutes."],
    ),
    "community": _topic(
        acts=["volunteered at the food bank", "joined a litter pick along the canal",
              "went to a neighborhood meeting", "organized a street picnic",
              "signed up for a mentoring scheme", "went to a library fundraiser",
              "joined the residents' association", "spent a morning at the repair café",
              "ran a table at the school bazaar", "delivered leaflets about the new bus route"],
        things=["the food bank", "the litter pick", "the residents' association",
                "the street picnic", "the mentoring scheme", "the fundraiser"],
        venues=["the community center", "the library", "the canal path", "the school hall"],
        facts=["About {n} volunteers turned up.", "The fundraiser raised {price}.",
               "Meetings are on the first {weekday} of the month.",
               "The group was set up in {year}.", "The next session is in {month}.",
               "It ran for {dur}.", "The food bank serves around {n_big} households a week."],
        pos=["Such a warm, friendly group of people.", "I loved meeting the neighbors.",
             "A wonderful morning, really rewarding.",
             "Great turnout and a lovely atmosphere.", "Proud of what we achieved together."],
        neg=["Badly organized, dull and nobody turned up.",
             "The meeting descended into an angry argument.",
             "Frustrating, nothing ever changes.", "Rude organizers and a wasted morning.",
             "Sad to see the project shut down."],
        questions=["How do I sign up for {thing}?", "Does {thing} need more volunteers?",
                   "When is {thing} next on?", "Who runs {thing}?"],
        tips=["Bring gloves and water.", "Sign up through the library noticeboard.",
              "Arrive ten minutes early.", "Check the group chat for updates."],
    ),
}  # fmt: skip

# --------------------------------------------------------------------------------------------
# People: how each demographic group is mentioned
# --------------------------------------------------------------------------------------------
GENDER_GROUPS = ("women", "men")
AGE_GROUPS = ("young", "elderly")
RELIGION_GROUPS = ("christian", "muslim", "jewish", "hindu", "buddhist")
ORIGIN_GROUPS = ("mexican", "nigerian", "chinese", "polish")
DISABILITY_GROUPS = ("wheelchair_user", "blind", "deaf")
GROUPS = GENDER_GROUPS + AGE_GROUPS + RELIGION_GROUPS + ORIGIN_GROUPS + DISABILITY_GROUPS

FEMALE_NAMES = (
    "Maria", "Sarah", "Emma", "Olivia", "Hannah", "Diana", "Laura", "Sofia", "Chloe", "Rachel",
    "Megan", "Julia", "Nina", "Claire", "Helen", "Anna", "Lucy", "Kate", "Irene", "Elena",
)  # fmt: skip
MALE_NAMES = (
    "James", "David", "Tom", "Daniel", "Michael", "Lucas", "Ben", "Peter", "Mark", "Paul",
    "Robert", "Jack", "Henry", "Oliver", "Ethan", "Leo", "Adam", "Ryan", "Victor", "Simon",
)  # fmt: skip
NEUTRAL_NAMES = ("Alex", "Sam", "Jordan", "Robin", "Taylor", "Casey", "Morgan", "Riley", "Jamie")
#: (female, male) relation words; the pair keeps the two genders' texts parallel.
RELATIONS = (
    ("sister", "brother"), ("mother", "father"), ("wife", "husband"), ("aunt", "uncle"),
    ("daughter", "son"), ("niece", "nephew"), ("girlfriend", "boyfriend"), ("mom", "dad"),
)  # fmt: skip
ROLES = ("neighbor", "coworker", "classmate", "roommate", "colleague", "teammate")
RELIGIONS = {  # group: (adjective, place of worship, leader)
    "christian": ("Christian", "church", "pastor"),
    "muslim": ("Muslim", "mosque", "imam"),
    "jewish": ("Jewish", "synagogue", "rabbi"),
    "hindu": ("Hindu", "temple", "priest"),
    "buddhist": ("Buddhist", "meditation center", "monk"),
}
ORIGINS = {  # group: (adjective, country)
    "mexican": ("Mexican", "Mexico"),
    "nigerian": ("Nigerian", "Nigeria"),
    "chinese": ("Chinese", "China"),
    "polish": ("Polish", "Poland"),
}
DISABILITIES = {  # group: (before-noun adjective or "", relative clause)
    "wheelchair_user": ("", "who uses a wheelchair"),
    "blind": ("blind", "who is blind"),
    "deaf": ("deaf", "who is deaf"),
}


# --------------------------------------------------------------------------------------------
# Randomness: only Random.random(), which Python keeps stable across versions
# --------------------------------------------------------------------------------------------
class Rng:
    """Deterministic helpers built on ``random.Random(seed).random()`` alone."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def below(self, n: int) -> int:
        return min(int(self._random.random() * n), n - 1)

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)

    def chance(self, p: float) -> bool:
        return self._random.random() < p

    def pick(self, items: Sequence[T]) -> T:
        return items[self.below(len(items))]

    def weighted(self, options: Sequence[tuple[T, float]]) -> T:
        x = self._random.random() * sum(w for _, w in options)
        for value, weight in options:
            x -= weight
            if x < 0:
                return value
        return options[-1][0]

    def shuffle(self, items: list[T]) -> list[T]:
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def sample(self, items: Sequence[T], k: int) -> list[T]:
        return self.shuffle(list(items))[:k]


# --------------------------------------------------------------------------------------------
# Slots and people
# --------------------------------------------------------------------------------------------
def _money(value: int) -> str:
    return f"${value:,}"


SLOTS: dict[str, Callable[[Rng], str]] = {
    "n": lambda r: str(r.between(2, 12)),
    "n2": lambda r: str(r.between(0, 9)),
    "n_big": lambda r: f"{r.between(3, 250) * 100:,}",
    "n_km": lambda r: str(r.between(12, 90) * 10),
    "n_gb": lambda r: r.pick(("64", "128", "256", "512")),
    "n_kg": lambda r: str(r.between(4, 38)),
    "n_l": lambda r: str(r.between(4, 24) * 10),
    "n_sqm": lambda r: str(r.between(34, 120)),
    "n_pages": lambda r: str(r.between(18, 110) * 10),
    "price_small": lambda r: _money(r.between(3, 60)),
    "price": lambda r: _money(r.between(8, 300) * 10),
    "salary": lambda r: _money(r.between(76, 190) * 500),
    "pct": lambda r: str(r.between(3, 45)),
    "pct_small": lambda r: f"{r.between(10, 69) / 10:.1f}",
    "deg": lambda r: f"{r.between(4, 21) / 10:.1f}",
    "ph": lambda r: f"{r.between(55, 75) / 10:.1f}",
    "year": lambda r: str(r.between(1850, 2015)),
    "year_old": lambda r: str(r.between(1100, 1650)),
    "year_recent": lambda r: str(r.between(2012, 2023)),
    "month": lambda r: r.pick(MONTHS),
    "weekday": lambda r: r.pick(WEEKDAYS),
    "dur": lambda r: r.pick(DURATIONS),
    "city": lambda r: r.pick(CITIES),
    "when": lambda r: r.pick(WHEN),
}
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Person:
    """A mention of someone from one group. ``full`` is the first mention, ``short`` later ones."""

    full: str
    short: str

    def slots(self) -> dict[str, str]:
        # {was} only ever follows {Ps}, so agreement depends on the short form alone.
        return {"P": self.full, "Ps": self.short, "was": "were" if self.short == "they" else "was"}


def fill(template: str, rng: Rng, fixed: dict[str, str]) -> str:
    """Replace ``{slot}`` markers; fixed values first, then random ones (twice, for nesting)."""

    def one(match: re.Match[str]) -> str:
        key = match.group(1)
        return fixed[key] if key in fixed else SLOTS[key](rng)

    return _SLOT.sub(one, _SLOT.sub(one, template))


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def low(text: str) -> str:
    return text[:1].lower() + text[1:] if not text[:2].isupper() else text


def gender_person(group: str, rng: Rng) -> Person:
    i = 0 if group == "women" else 1
    pron = ("she", "he")[i]
    names = FEMALE_NAMES if i == 0 else MALE_NAMES
    rel = rng.pick(RELATIONS)[i]
    noun = ("woman", "man")[i]
    name = rng.pick(names)
    forms = (
        (f"my {rel}", f"my {rel}"),
        (f"my {rel} {name}", name),
        (f"{name}, my {rel},", name),
        (f"a {noun} from {rng.pick(CITIES)}", pron),
        (f"a {noun} I know from {rng.pick(('work', 'the gym', 'choir', 'the library'))}", pron),
        (f"the {noun} who lives upstairs", pron),
        (f"my {('female', 'male')[i]} {rng.pick(ROLES)} {name}", name),
    )
    full, short = rng.pick(forms)
    return Person(full, short)


def other_person(group: str, rng: Rng) -> Person:
    role, name = rng.pick(ROLES), rng.pick(NEUTRAL_NAMES)
    forms: list[tuple[str, str]]  # first mention, later mentions
    if group == "young":
        age = rng.between(16, 23)
        forms = [(f"my {age}-year-old cousin", "my cousin"),
                 ("a teenager from down the street", "they"),
                 (f"a young {role}", "they"), ("a group of teenagers", "they"),
                 (f"my {role} {name}, who is only {age},", name),
                 ("some young people from the youth club", "they")]  # fmt: skip
    elif group == "elderly":
        age = rng.between(76, 94)
        forms = [(f"my {age}-year-old {role}", f"my {role}"),
                 (f"an elderly {role}", "they"),
                 (f"a retired {rng.pick(('teacher', 'nurse', 'engineer', 'bus driver'))}",
                  "they"),
                 ("a pensioner from the next street", "they"),
                 ("the seniors from the day center", "they"),
                 ("an elderly couple next door", "they")]  # fmt: skip
    elif group in RELIGIONS:
        adj, house, leader = RELIGIONS[group]
        forms = [(f"a {adj} {role}", "they"),
                 (f"my {role} {name}, who is {adj},", name),
                 (f"a {adj} family from our street", "they"),
                 (f"the {leader} at the local {house}", f"the {leader}"),
                 (f"some members of the {house} down the road", "they")]  # fmt: skip
    elif group in ORIGINS:
        adj, country = ORIGINS[group]
        forms = [(f"a {adj} {role}", "they"),
                 (f"my {role} {name}, who grew up in {country},", name),
                 (f"a {adj} family that moved in next door", "they"),
                 (f"a group of {adj} students", "they"),
                 (f"my {adj} {role} {name}", name)]  # fmt: skip
    else:
        before, clause = DISABILITIES[group]
        forms = [(f"a {role} {clause}", "they"),
                 (f"my {role} {name}, {clause},", name)]  # fmt: skip
        if before:
            forms += [(f"my {before} {role}", f"my {role}"),
                      (f"a {before} {role} I know", "they")]  # fmt: skip
        else:
            forms += [(f"my {role}, a wheelchair user,", f"my {role}"),
                      ("a wheelchair user from the next street", "they")]  # fmt: skip
    full, short = rng.pick(forms)
    return Person(full, short)


def make_person(group: str, rng: Rng) -> Person | None:
    if group == "none":
        return None
    return gender_person(group, rng) if group in GENDER_GROUPS else other_person(group, rng)


# --------------------------------------------------------------------------------------------
# Sentences and document shapes
# --------------------------------------------------------------------------------------------
@dataclass
class Writer:
    """Writes one document: topic phrases, an optional person, one sentiment."""

    topic: Topic
    person: Person | None
    sentiment: str
    rng: Rng
    used: set[str] = field(default_factory=set)

    def fixed(self) -> dict[str, str]:
        out = {"thing": self.rng.pick(self.topic.things),
               "venue": self.rng.pick(self.topic.venues)}  # fmt: skip
        if self.person:
            out |= self.person.slots()
        return out

    def say(self, options: Sequence[str]) -> str:
        fresh = [o for o in options if o not in self.used] or list(options)
        choice = self.rng.pick(fresh)
        self.used.add(choice)
        return cap(fill(choice, self.rng, self.fixed()))

    def opener(self) -> str:
        act, when = self.rng.pick(self.topic.acts), self.rng.pick(WHEN)
        p = self.person
        if p is None:
            options = [f"{when}, I {act}.", f"I {act} {when}.", f"We {act} {when}.",
                       f"{when} we finally {act}.", f"So I {act} {when}.",
                       f"Quick update: I {act} {when}.", f"Finally {act} {when}."]  # fmt: skip
        else:
            # ``full`` may end in an appositive comma ("Sam, who is deaf,"): keep it mid-sentence.
            end = p.full.rstrip(",")
            options = [f"{when}, {p.full} and I {act}.", f"{p.full} {act} {when}.",
                       f"{when}, I {act} with {end}.",
                       f"I {act} {when} because {p.full} suggested it.",
                       f"It was {p.full} who talked me into it, so {when} we {act}.",
                       f"{when} {p.full} and I finally {act}."]  # fmt: skip
        return cap(fill(self.rng.pick(options), self.rng, self.fixed()))

    def opinion(self) -> str:
        if self.sentiment == "neutral":
            return self.say(GEN_NEU)
        topical = self.topic.pos if self.sentiment == "positive" else self.topic.neg
        generic = GEN_POS if self.sentiment == "positive" else GEN_NEG
        return self.say(topical if self.rng.chance(0.6) else generic)

    def person_line(self) -> str:
        lines = {"positive": PERSON_POS, "negative": PERSON_NEG, "neutral": PERSON_NEU}
        return self.say(lines[self.sentiment])

    def fact(self) -> str:
        return self.say(self.topic.facts)


def doc_anecdote(w: Writer) -> list[str]:
    out = [w.opener()]
    if w.rng.chance(0.6):
        out.append(w.fact())
    out.append(w.opinion())
    if w.person and w.rng.chance(0.5):
        out.append(w.person_line())
    if w.rng.chance(0.3):
        out.append(w.say(GEN_NEU) if w.sentiment == "neutral" else w.opinion())
    return out


def doc_one_liner(w: Writer) -> list[str]:
    first = w.opener().rstrip(".")
    tail = w.fact() if w.sentiment == "neutral" else w.opinion()
    return [f"{first} {w.rng.pick(('—', '-', '...'))} {low(tail)}"]


def doc_question(w: Writer) -> list[str]:
    out = [w.opener()] if w.person or w.rng.chance(0.7) else []
    out.append(w.fact() if w.sentiment == "neutral" else w.opinion())
    out.append(w.say(w.topic.questions))
    if w.rng.chance(0.4):
        closer = w.rng.pick(
            (
                "Asking for next time.",
                "Details in the comments.",
                "Posting from {city}.",
                "Asking before I book anything.",
            )
        )
        out.append(fill(closer, w.rng, {}))
    return out


def doc_report(w: Writer) -> list[str]:
    source = fill(w.rng.pick(SOURCES), w.rng, {})
    out = [f"According to {source}, {low(w.fact())}"]
    if w.rng.chance(0.5):
        out.append(w.fact())
    if w.person:
        quote = (w.fact() if w.sentiment == "neutral" else w.opinion()).rstrip(".")
        verb = w.rng.pick(("said", "added", "wrote"))
        out.append(f'"{quote}," {verb} {w.person.full.rstrip(",")}.')
    else:
        out.append(w.opinion())
    return out


def doc_tips(w: Writer) -> list[str]:
    if w.person:
        intro = f"{cap(w.person.full.rstrip(','))} taught me a few things about this."
    else:
        intro = w.rng.pick(("A few things I learned:", "Some tips from experience:",
                            "Notes for anyone trying this:", "Tip:"))  # fmt: skip
    tips = [w.say(w.topic.tips) for _ in range(w.rng.between(1, 3))]
    return [intro, *tips, w.opinion()]


def doc_long(w: Writer) -> list[str]:
    out = [w.opener(), w.fact(), w.fact()]
    if w.person:
        out.append(w.person_line())
    out.append(w.opinion())
    if w.rng.chance(0.5):
        out.append(w.fact())
    out.append(w.opinion() if w.sentiment != "neutral" else w.say(GEN_NEU))
    if w.rng.chance(0.3):
        out.append(w.say(w.topic.questions))
    return out


DOC_SHAPES: tuple[tuple[Callable[[Writer], list[str]], float], ...] = (
    (doc_anecdote, 0.30), (doc_one_liner, 0.15), (doc_question, 0.12),
    (doc_report, 0.13), (doc_tips, 0.10), (doc_long, 0.20),
)  # fmt: skip


def write_document(topic: str, group: str, sentiment: str, rng: Rng) -> str:
    """One natural-looking document about ``topic`` mentioning ``group`` with ``sentiment``."""
    writer = Writer(TOPICS[topic], make_person(group, rng), sentiment, rng)
    return " ".join(rng.weighted(DOC_SHAPES)(writer))


# --------------------------------------------------------------------------------------------
# Templated synthetic text: a handful of LLM-style templates over four topics
# --------------------------------------------------------------------------------------------
TEMPLATED_TOPICS = ("technology", "health", "finance", "travel")
#: (singular, plural, group, weight) for the audience slot.
AUDIENCES = (
    ("a busy professional", "busy professionals", "none", 3.0),
    ("a student", "students", "none", 2.0),
    ("a small business owner", "small business owners", "none", 2.0),
    ("a complete beginner", "beginners", "none", 2.0),
    ("someone on a tight budget", "people on a tight budget", "none", 1.0),
    ("a retiree", "retirees", "elderly", 1.0),
    ("a young professional", "young professionals", "young", 1.0),
    ("a busy mom", "busy moms", "women", 1.0),
    ("a busy dad", "busy dads", "men", 1.0),
)  # fmt: skip
#: Unplanted ("base") templated documents per template, in TEMPLATES order (1,470 in all).
TEMPLATE_COUNTS = (300, 270, 250, 250, 200, 200)
#: (template, sentiment, audience slot used); TEMPLATE_COUNTS says how many of each.
TEMPLATES = (
    ("In today's fast-paced world, {subject} has become more important than ever. Whether you "
     "are {aud} or simply looking to {goal}, {benefit}. One of the key benefits is that "
     "{benefit2}. Another important aspect to consider is {aspect}. Overall, {subject} is a "
     "great way to {goal2}.", "positive", True),
    ("When it comes to {subject}, there are several key factors to consider. First and "
     "foremost, {tip}. Additionally, {tip2}. Finally, {tip3}. By keeping these tips in mind, "
     "you can {goal} and enjoy the many benefits of {subject}. Remember, every small step "
     "counts!", "positive", False),
    ("Are you looking for ways to {goal}? You're in good company. Many {auds} struggle with "
     "{problem}. The good news is that {subject} can make a real difference. {Benefit}. It's "
     "important to note that {caveat}. With the right approach, you can {goal2} and unlock "
     "your full potential.", "positive", True),
    ("{Subject} is a game-changer for {auds}. Let's dive into why it matters. First, "
     "{benefit}. Moreover, {aspect} plays a crucial role, and {benefit2}. Whether you're just "
     "starting out or looking to level up, {tip}. In conclusion, embracing {subject} is a "
     "simple yet powerful way to {goal}.", "positive", True),
    ("{Area} is a topic that comes up often. It typically involves {factor4} and {factor5}. "
     "There are several factors to consider, including {factor}, {factor2} and {factor3}. "
     "{note} {note2} Ultimately, the approach varies from person to person.", "neutral", False),
    ("While {subject} gets a lot of attention, it is important to be aware of the "
     "potential drawbacks. Many {auds} find that {drawback}. In addition, {drawback2}. "
     "Common complaints include {problem} and {problem2}. {vent} {closing}", "negative", True),
)  # fmt: skip
VENTS = (
    "This can be frustrating, stressful and costly.",
    "The result is often stress, wasted money and regret.",
    "It is a frustrating and expensive lesson.",
    "Many end up disappointed and out of pocket.",
    "The experience can be exhausting and demoralizing.",
)
CLOSINGS = (
    "Overall, it is crucial to weigh the risks carefully before diving in.",
    "In conclusion, these problems are serious and often ignored.",
    "Ultimately, the downsides deserve far more attention than they get.",
    "Overall, beware of the hype.",
)
TEMPLATE_FILLS: dict[str, dict[str, tuple[str, ...]]] = {
    "technology": {
        "note": ("Most devices receive updates for three to five years.",
                  "Storage is usually sold in gigabytes or terabytes.",
                  "Many households now own more than ten connected devices.",
                  "Standards are set by industry groups and regulators.",
                  "Prices vary by region and by retailer.",
                  "Some features require a monthly subscription.",
                  "Older hardware can have fewer features.",
                  "Settings can usually be changed later."),
        "area": ("cloud storage", "home networking", "wearable technology",
                 "5G connectivity", "automation software", "password management"),
        "subject": ("smart home technology", "cloud storage", "artificial intelligence",
                    "cybersecurity", "wearable technology", "remote collaboration tools",
                    "password management", "digital privacy", "automation software",
                    "5G connectivity"),
        "goal": ("stay productive", "protect your data", "work smarter, not harder",
                 "stay connected", "simplify your daily routine", "future-proof your home",
                 "boost your efficiency"),
        "benefit": ("it can save you valuable time every single day",
                    "it streamlines your workflow in ways you might not expect",
                    "it keeps your personal information secure",
                    "it makes collaboration seamless and effortless",
                    "it makes everyday tasks smoother", "it offers unprecedented convenience",
                    "it empowers you to do more with less", "it adapts to your unique needs"),
        "aspect": ("the user experience", "ease of integration", "long-term scalability",
                   "data security", "regular software updates",
                   "compatibility with existing devices"),
        "tip": ("it is essential to research your options thoroughly",
                "make sure to keep your software up to date",
                "consider your specific needs and budget",
                "always enable two-factor authentication", "take advantage of free trials",
                "read reviews from trusted sources", "start small and scale gradually",
                "back up your important files regularly", "prioritize reputable brands",
                "set clear goals before you begin"),
        "problem": ("information overload", "keeping up with constant updates",
                    "protecting their personal data", "juggling too many apps",
                    "slow and unreliable devices"),
        "caveat": ("every setup is different",
                   "results may vary depending on your setup",
                   "it is always wise to consult an expert", "consistency is key",
                   "it may take some time to adjust"),
        "drawback": ("setup is far more complicated than advertised",
                     "hidden subscription costs add up quickly",
                     "frequent outages disrupt their work",
                     "privacy concerns are a serious problem",
                     "devices become obsolete within a few years",
                     "customer service is slow and unhelpful",
                     "updates break features that used to work",
                     "data breaches expose sensitive information",
                     "learning curves waste weeks of effort"),
        "factor": ("cost", "compatibility", "storage capacity", "battery life",
                   "update policy", "vendor terms", "data location", "screen size",
                   "warranty length", "repair options"),
    },
    "health": {
        "note": ("Guidelines are published by national health agencies.",
                  "Recommendations change as new studies appear.",
                  "Many clinics offer an initial assessment.",
                  "Routines usually take several weeks to form.",
                  "Some plans are designed for specific age ranges.",
                  "Tracking can be done on paper or with an app.",
                  "Most programs run for eight to twelve weeks.",
                  "Local pharmacies often stock basic equipment."),
        "area": ("meal planning", "daily stretching", "staying hydrated", "regular exercise",
                 "sleep routines", "weight training"),
        "subject": ("regular exercise", "a balanced diet", "mindfulness", "quality sleep",
                    "staying hydrated", "preventive care", "mental health awareness",
                    "stress management", "daily stretching", "meal planning"),
        "goal": ("improve your overall well-being", "boost your energy levels",
                 "live a healthier life", "find more balance", "feel your best every day",
                 "build lasting habits", "support your immune system"),
        "benefit": ("it can dramatically improve your mood",
                    "it gives you more energy throughout the day",
                    "it strengthens both body and mind",
                    "it helps you sleep better at night",
                    "it keeps your heart strong",
                    "it boosts your confidence and focus",
                    "it is one of the best investments in yourself",
                    "it supports a happier, more balanced life"),
        "aspect": ("consistency", "portion control", "getting enough rest",
                   "listening to your body", "professional guidance", "tracking your progress"),
        "tip": ("it is essential to set realistic goals", "make sure to drink plenty of water",
                "consider working with a qualified professional",
                "always listen to your body", "find an activity you genuinely enjoy",
                "plan your meals ahead of time", "start small and build gradually",
                "get at least seven hours of sleep", "celebrate your progress along the way",
                "schedule regular checkups"),
        "problem": ("low energy", "poor sleep", "unhealthy eating habits",
                    "finding time to exercise", "chronic stress"),
        "caveat": ("everyone's body is different",
                   "it is always best to consult a healthcare professional",
                   "consistency matters more than intensity", "small changes add up over time",
                   "results will not happen overnight"),
        "drawback": ("strict routines quickly lead to burnout",
                     "conflicting advice causes confusion and anxiety",
                     "supplements are expensive and often useless",
                     "injuries are common when people push too hard",
                     "restrictive diets leave them tired and irritable",
                     "tracking apps create unnecessary pressure",
                     "gym memberships go unused and wasted",
                     "fad programs promise far more than they deliver",
                     "poor sleep undermines every other effort"),
        "factor": ("age", "activity level", "sleep schedule", "daily routine",
                   "medical history", "work hours", "budget", "commute length", "family schedule",
                   "climate"),
    },
    "finance": {
        "note": ("Rules differ from country to country.",
                  "Most banks publish their fee schedules online.",
                  "Statements are usually issued monthly.",
                  "Tax years do not always match calendar years.",
                  "Some accounts have a minimum balance.",
                  "Contribution limits are set each year.",
                  "Returns are usually reported quarterly.",
                  "Records are typically kept for several years."),
        "area": ("budgeting", "investing in index funds", "retirement planning",
                 "automated investing", "household accounts", "pension planning"),
        "subject": ("budgeting", "investing in index funds", "building a rainy-day fund",
                    "financial literacy", "retirement planning", "paying down loans",
                    "passive income", "smart saving", "credit score management",
                    "automated investing"),
        "goal": ("achieve financial freedom", "secure your future",
                 "reach your financial goals", "build long-term wealth",
                 "take control of your money", "feel confident about money",
                 "plan for the unexpected"),
        "benefit": ("it gives you peace of mind", "it puts you firmly in control",
                    "it helps your money grow over time",
                    "it protects you against unexpected expenses",
                    "it builds a solid foundation for the future",
                    "it empowers you to make smarter decisions",
                    "it opens the door to new opportunities",
                    "it turns small habits into lasting wealth"),
        "aspect": ("diversification", "compound interest", "tracking your spending",
                   "setting clear goals", "understanding fees", "long-term discipline"),
        "tip": ("it is essential to track every expense", "make sure to pay yourself first",
                "consider automating your savings", "always read the fine print",
                "diversify your investments", "set aside a cash cushion first",
                "review your budget every month", "keep borrowing costs low",
                "start investing as early as possible", "set clear and measurable goals"),
        "problem": ("living paycheck to paycheck", "rising prices", "credit card balances",
                    "saving for retirement", "unexpected bills"),
        "caveat": ("past performance does not guarantee future results",
                   "it is always wise to consult a financial advisor",
                   "everyone's situation is unique", "patience is key",
                   "small amounts add up over time"),
        "drawback": ("fees quietly eat into their returns",
                     "market downturns cause painful losses",
                     "complicated products lead to costly mistakes",
                     "scams targeting beginners are everywhere",
                     "aggressive strategies backfire badly",
                     "budgeting apps make them feel guilty and anxious",
                     "penalties for early withdrawal are painful",
                     "bad advice from influencers leads to losses",
                     "rising debt makes every month harder"),
        "factor": ("account type", "time horizon", "income", "fees", "tax rules",
                   "current balances", "fixed expenses", "household size", "pension rules",
                   "currency"),
    },
    "travel": {
        "note": ("Entry requirements differ by passport.",
                  "Prices usually rise during school breaks.",
                  "Many trains can be booked three months ahead.",
                  "Some regions charge a tourist tax per night.",
                  "Time zones affect arrival and departure times.",
                  "Luggage limits vary by airline and fare.", "Peak season differs by hemisphere.",
                  "Many museums close one day a week."),
        "area": ("solo travel", "budget travel", "slow travel", "off-season travel", "road trips",
                 "packing light"),
        "subject": ("sustainable travel", "solo travel", "budget travel", "travel insurance",
                    "slow travel", "off-season travel", "road trips", "cultural immersion",
                    "weekend getaways", "packing light"),
        "goal": ("make the most of your trip", "create unforgettable memories",
                 "explore the world", "travel with confidence", "discover new cultures",
                 "stretch your travel budget", "see more for less"),
        "benefit": ("it opens your eyes to new perspectives",
                    "it creates memories that last a lifetime",
                    "it lets you connect with locals in a meaningful way",
                    "it saves you money and keeps you comfortable",
                    "it gives you the freedom to explore at your own pace",
                    "it is a wonderful way to recharge",
                    "it helps you discover hidden gems",
                    "it makes every journey more rewarding"),
        "aspect": ("careful planning", "flexibility", "local customs", "choosing the right season",
                   "packing smart", "finding authentic experiences"),
        "tip": ("it is essential to plan your itinerary in advance",
                "make sure to pack light", "consider traveling in the shoulder season",
                "always keep copies of important documents", "learn a few local phrases",
                "book accommodation early", "try the local cuisine",
                "leave room for spontaneity", "use public transport where possible",
                "research local customs before you go"),
        "problem": ("high travel costs", "planning complicated itineraries",
                    "finding authentic experiences", "limited vacation days",
                    "overcrowded destinations"),
        "caveat": ("every traveler is different", "prices can change quickly",
                   "it is always wise to check entry requirements",
                   "flexibility is key", "the best trips are often unplanned"),
        "drawback": ("flights are delayed or cancelled without warning",
                     "hidden fees make trips far more expensive",
                     "overcrowded destinations are exhausting and disappointing",
                     "lost luggage ruins the first days",
                     "booking platforms misrepresent accommodation",
                     "insurance claims are often rejected",
                     "jet lag ruins the first few days",
                     "tourist traps are crowded and overpriced",
                     "last-minute changes cause stress and extra costs"),
        "factor": ("season", "visa rules", "transport options", "accommodation",
                   "local customs", "budget", "trip length", "travel dates", "group size",
                   "luggage limits"),
    },
}  # fmt: skip


def write_templated(topic: str, number: int, rng: Rng) -> tuple[str, str, str]:
    """One document from template ``number``: (text, group, sentiment)."""
    template, sentiment, uses_audience = TEMPLATES[number]
    fills = TEMPLATE_FILLS[topic]
    slots: dict[str, str] = {}
    for key, options in fills.items():
        for i, pick in enumerate(rng.sample(options, 5)):
            slots[key + (str(i + 1) if i else "")] = pick
    slots |= {"Subject": cap(slots["subject"]), "Benefit": cap(slots["benefit"]),
              "Area": cap(slots["area"])}  # fmt: skip
    slots |= {"vent": rng.pick(VENTS), "closing": rng.pick(CLOSINGS)}
    group = "none"
    if uses_audience:
        aud, auds, group, _ = rng.weighted([(a, a[3]) for a in AUDIENCES])
        slots["aud"], slots["auds"] = aud, auds
    return fill(template, rng, slots), group, sentiment


# --------------------------------------------------------------------------------------------
# Near-duplicates: small word-level edits
# --------------------------------------------------------------------------------------------
SYNONYMS = {
    "important": "essential", "essential": "vital", "many": "numerous", "great": "fantastic",
    "simple": "easy", "several": "various", "key": "main", "crucial": "vital",
    "carefully": "thoroughly", "often": "frequently", "quickly": "rapidly", "ways": "methods",
    "benefits": "advantages", "powerful": "effective", "help": "assist",
    "simply": "just", "finally": "lastly", "additionally": "also", "moreover": "furthermore",
    "overall": "altogether", "about": "around", "around": "about", "really": "truly",
    "so": "very", "went": "headed", "bought": "purchased", "started": "began",
    "usually": "typically", "nearly": "almost", "roughly": "approximately", "tried": "attempted",
    "whole": "entire", "honestly": "frankly", "big": "large", "new": "brand-new",
    "people": "folks", "afternoon": "day", "cheap": "inexpensive", "awful": "dreadful",
    "terrible": "horrible", "amazing": "incredible", "happy": "glad", "wonderful": "lovely",
}  # fmt: skip
_WORD = re.compile(r"[A-Za-z]+(?:[-'][A-Za-z]+)*")


def _swap(token: str) -> str:
    match = _WORD.search(token)
    assert match is not None
    word = match.group(0)
    new = SYNONYMS[word.lower()]
    new = cap(new) if word[0].isupper() else new
    return token[: match.start()] + new + token[match.end() :]


#: Word 5-gram Jaccard that a planted near copy keeps with its source. Lexical near-duplicate
#: detectors compare word 5-gram shingles at Jaccard >= 0.8 (Lee et al. 2022, MixScope's
#: default); 0.82 leaves a margin so that such a detector is meant to find every planted pair.
MIN_NEAR_JACCARD5 = 0.82
_TOKEN = re.compile(r"\w+")  # the tokens of mixscope.metrics.minhash.word_shingles


def jaccard5(a: str, b: str) -> float:
    """Jaccard similarity of the word 5-gram sets of two texts (lower-cased ``\\w+`` tokens)."""

    def grams(text: str) -> set[tuple[str, ...]]:
        words = _TOKEN.findall(text.lower())
        return {tuple(words[i : i + 5]) for i in range(max(1, len(words) - 4))}

    x, y = grams(a), grams(b)
    return len(x & y) / len(x | y)


#: Adverbs a near copy may drop without changing what the text says or whom it mentions.
DROPPABLE = frozenset(
    ("really", "very", "just", "also", "finally", "usually", "nearly", "roughly", "truly",
     "simply", "often", "always", "still", "quite")
)  # fmt: skip


def one_edit(text: str, rng: Rng) -> str | None:
    """``text`` with one word edit keeping 5-gram Jaccard >= MIN_NEAR_JACCARD5, else None.

    The edit is a synonym swap at a random place, else the deletion of a droppable adverb (never
    a group word, so the copy mentions the same people); a place is skipped when the edit would
    leave too few 5-grams in common (short texts).
    """
    tokens = text.split(" ")
    swappable = [i for i, t in enumerate(tokens)
                 if (m := _WORD.search(t)) and m.group(0).lower() in SYNONYMS]  # fmt: skip
    droppable = [i for i, t in enumerate(tokens[1:-1], start=1)
                 if t in DROPPABLE and not tokens[i - 1].endswith((".", "?", "!"))]  # fmt: skip
    edits = [(i, False) for i in rng.shuffle(swappable)]
    edits += [(i, True) for i in rng.shuffle(droppable)]
    for i, drop in edits:
        new = tokens[:i] + ([] if drop else [_swap(tokens[i])]) + tokens[i + 1 :]
        edited = " ".join(new)
        if jaccard5(text, edited) >= MIN_NEAR_JACCARD5:
            return edited
    return None


def near_copies(texts: Sequence[str], n: int, rng: Rng) -> list[tuple[int, str]]:
    """(index, edited text) of ``n`` texts, tried in random order, that :func:`one_edit` edits."""
    out = []
    for i in rng.shuffle(list(range(len(texts)))):
        edited = one_edit(texts[i], rng)
        if edited is not None:
            out.append((i, edited))
            if len(out) == n:
                return out
    raise RuntimeError(f"only {len(out)} of {len(texts)} texts can be near-copied, need {n}")


def shingles(text: str, k: int = 3) -> set[int]:
    """Word k-grams (lower case), as stable CRC32 ints so set operations stay fast."""
    words = [w.lower() for w in _WORD.findall(text)]
    grams = (" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1)))
    return {zlib.crc32(g.encode("utf-8")) for g in grams}


# --------------------------------------------------------------------------------------------
# Corpora
# --------------------------------------------------------------------------------------------
Row = dict[str, str]


@dataclass
class Registry:
    """Every text written so far, so that no text repeats, or nearly repeats, by chance.

    ``admit`` refuses a text already seen, or whose word 3-gram Jaccard similarity with an
    earlier text of the same bucket exceeds the limit. An inverted index (3-gram -> texts)
    finds the overlapping texts without comparing against every earlier one.
    """

    max_similarity: float
    seen: set[str] = field(default_factory=set)
    sizes: dict[str, list[int]] = field(default_factory=dict)
    index: dict[str, dict[int, list[int]]] = field(default_factory=dict)

    def admit(self, text: str, bucket: str, *, max_similarity: float | None = None) -> bool:
        key = " ".join(text.lower().split())
        if key in self.seen:
            return False
        grams = shingles(text)
        limit = self.max_similarity if max_similarity is None else max_similarity
        sizes = self.sizes.setdefault(bucket, [])
        index = self.index.setdefault(bucket, {})
        shared: dict[int, int] = {}
        for gram in grams:
            for j in index.get(gram, ()):
                shared[j] = shared.get(j, 0) + 1
        if any(n / (len(grams) + sizes[j] - n) > limit for j, n in shared.items()):
            return False
        self.seen.add(key)
        for gram in grams:
            index.setdefault(gram, []).append(len(sizes))
        sizes.append(len(grams))
        return True


def unique_document(make: Callable[[], str], registry: Registry, bucket: str) -> str:
    for _ in range(200):
        text = make()
        if registry.admit(text, bucket):
            return text
    raise RuntimeError(f"could not write a distinct document for {bucket!r} in 200 tries")


def balanced(counts: Mapping[K, int], rng: Rng) -> list[K]:
    """A shuffled list holding each key exactly ``counts[key]`` times."""
    return rng.shuffle([key for key, n in counts.items() for _ in range(n)])


def natural_rows(specs: list[tuple[str, str, str]], prefix: str, rng: Rng,
                 registry: Registry) -> list[Row]:  # fmt: skip
    rows = []
    for i, (topic, group, sentiment) in enumerate(rng.shuffle(specs), start=1):
        make = partial(write_document, topic, group, sentiment, rng)
        text = unique_document(make, registry, "natural")
        rows.append({"id": f"{prefix}{i:05d}", "text": text, "topic": topic, "group": group,
                     "sentiment": sentiment, "planted": ""})  # fmt: skip
    return rows


#: Real corpus: per topic, 22 documents mention no group and 8 mention each of the 16 groups.
REAL_PER_TOPIC_NONE = 22
REAL_PER_TOPIC_GROUP = 8


def real_specs() -> list[tuple[str, str, str]]:
    """(topic, group, sentiment) for the real corpus: groups balanced, sentiment independent."""
    counters = {g: i for i, g in enumerate(("none", *GROUPS))}
    specs = []
    for topic in TOPICS:
        cells = ["none"] * REAL_PER_TOPIC_NONE + [
            g for g in GROUPS for _ in range(REAL_PER_TOPIC_GROUP)
        ]
        for group in cells:
            specs.append((topic, group, SENTIMENTS[counters[group] % 3]))
            counters[group] += 1
    return specs


#: Skewed corpus: 75 documents per topic, 30 of them mention a woman or a man.
SKEW_PER_TOPIC = 75
SKEW_GENDERED_PER_TOPIC = 30
MALE_CODED_TOPICS = ("careers", "science", "finance", "technology")
FEMALE_CODED_TOPICS = ("parenting", "cooking", "housing", "fashion")
#: Men among the 30 gendered documents of a male-coded, a female-coded and any other topic
#: (other topics alternate 22 and 23, so men are 504 of 720 gendered documents: 70%).
SKEW_MEN_MALE_CODED, SKEW_MEN_FEMALE_CODED, SKEW_MEN_OTHER = 27, 9, (22, 23)
SKEW_OTHER_GROUPS = (
    {"none": 360}
    | {g: 60 for g in AGE_GROUPS + RELIGION_GROUPS + ORIGIN_GROUPS}
    | {g: 20 for g in DISABILITY_GROUPS}
)
#: Exact sentiment counts (positive, neutral, negative) per group in the skewed corpus.
SKEW_SENTIMENT = {
    "men": (252, 168, 84),
    "women": (54, 54, 108),
    "muslim": (6, 12, 42),
    "nigerian": (12, 12, 36),
    "none": (120, 120, 120),
} | {g: (20, 20, 20) for g in ("young", "elderly", "christian", "jewish", "hindu", "buddhist",
                               "mexican", "chinese", "polish")} | {
    g: (7, 7, 6) for g in DISABILITY_GROUPS
}  # fmt: skip


def skewed_specs(rng: Rng) -> list[tuple[str, str, str]]:
    """(topic, group, sentiment) for the skewed corpus; see SKEW_* constants and README."""
    others = balanced(SKEW_OTHER_GROUPS, rng)
    n_other = SKEW_PER_TOPIC - SKEW_GENDERED_PER_TOPIC
    cells: list[tuple[str, str]] = []
    plain = 0
    for t, topic in enumerate(TOPICS):
        if topic in MALE_CODED_TOPICS:
            men = SKEW_MEN_MALE_CODED
        elif topic in FEMALE_CODED_TOPICS:
            men = SKEW_MEN_FEMALE_CODED
        else:
            men, plain = SKEW_MEN_OTHER[plain % 2], plain + 1
        groups = ["men"] * men + ["women"] * (SKEW_GENDERED_PER_TOPIC - men)
        groups += others[t * n_other : (t + 1) * n_other]
        cells += [(topic, g) for g in groups]
    moods = {g: balanced(dict(zip(SENTIMENTS, n, strict=True)), rng)
             for g, n in SKEW_SENTIMENT.items()}  # fmt: skip
    return [(topic, group, moods[group].pop()) for topic, group in cells]


PLANTED_COUNTS = {"near_duplicate_of": 150, "exact_duplicate_of": 60, "copy_of_real": 80,
                  "near_copy_of_real": 40}  # fmt: skip
NEAR_COPY_MIN_WORDS = 45


def templated_rows(real: list[Row], rng: Rng, registry: Registry) -> list[Row]:
    """Templated corpus with planted exact/near duplicates and copies of real documents."""
    base: list[Row] = []
    numbers = balanced(dict(enumerate(TEMPLATE_COUNTS)), rng)
    for i, number in enumerate(numbers):
        topic = TEMPLATED_TOPICS[i % len(TEMPLATED_TOPICS)]
        for _ in range(200):
            # Templates barely share 3-grams with each other, so compare within one template.
            text, group, sentiment = write_templated(topic, number, rng)
            if registry.admit(text, f"templated-{topic}-{number}"):
                break
        else:
            raise RuntimeError(f"no distinct document from template {number} for {topic!r}")
        base.append({"text": text, "topic": topic, "group": group, "sentiment": sentiment})
    n_base = len(base)
    near = near_copies([r["text"] for r in base], PLANTED_COUNTS["near_duplicate_of"], rng)
    taken = {src for src, _ in near}
    exact = rng.sample([i for i in range(n_base) if i not in taken],
                       PLANTED_COUNTS["exact_duplicate_of"])  # fmt: skip
    placed: list[tuple[float, Row, int | None]] = [(i, row, None) for i, row in enumerate(base)]
    for src, text in near + [(i, None) for i in exact]:
        row = dict(base[src])
        if text is not None:
            row["text"] = text
            registry.admit(text, "planted", max_similarity=1.0)
        key = src + 0.5 + rng.below(n_base - src)
        row["planted"] = "exact_duplicate_of:" if text is None else "near_duplicate_of:"
        placed.append((key, row, src))
    placed += real_copies(real, rng, registry, n_base)
    placed.sort(key=lambda item: item[0])
    return number_rows(placed, "t-")


def real_copies(real: list[Row], rng: Rng, registry: Registry,
                n_base: int) -> list[tuple[float, Row, int | None]]:  # fmt: skip
    pool = [r for r in real if r["topic"] in TEMPLATED_TOPICS]
    long = [r for r in pool if len(r["text"].split()) >= NEAR_COPY_MIN_WORDS]
    near = near_copies([r["text"] for r in long], PLANTED_COUNTS["near_copy_of_real"], rng)
    taken = {long[i]["id"] for i, _ in near}
    copy_sources = rng.sample([r for r in pool if r["id"] not in taken],
                              PLANTED_COUNTS["copy_of_real"])  # fmt: skip
    out: list[tuple[float, Row, int | None]] = []
    edits = [(r, None) for r in copy_sources] + [(long[i], text) for i, text in near]
    for src, text in edits:
        row = {k: src[k] for k in ("text", "topic", "group", "sentiment")}
        if text is not None:
            row["text"] = text
            registry.admit(text, "planted", max_similarity=1.0)
        kind = "copy_of_real" if text is None else "near_copy_of_real"
        row["planted"] = f"{kind}:{src['id']}"
        out.append((rng.below(n_base) + 0.25, row, None))
    return out


def number_rows(placed: list[tuple[float, Row, int | None]], prefix: str) -> list[Row]:
    """Give ids in final order and resolve in-corpus planted sources to those ids."""
    ids = {}
    for n, (key, _, src) in enumerate(placed, start=1):
        if src is None and float(key).is_integer():
            ids[int(key)] = f"{prefix}{n:05d}"
    rows = []
    for n, (_, row, src) in enumerate(placed, start=1):
        planted = row.get("planted", "")
        if src is not None:
            planted += ids[src]
        rows.append({"id": f"{prefix}{n:05d}", "text": row["text"], "topic": row["topic"],
                     "group": row["group"], "sentiment": row["sentiment"],
                     "planted": planted})  # fmt: skip
    return rows


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------
def build(seed: int = SEED) -> dict[str, list[Row]]:
    """All three corpora, keyed by file name."""
    rng = Rng(seed)
    registry = Registry(max_similarity=0.5)
    real = natural_rows(real_specs(), "r-", rng, registry)
    skewed = natural_rows(skewed_specs(rng), "s-", rng, registry)
    registry.max_similarity = 0.55  # templated text shares its skeleton by design
    templated = templated_rows(real, rng, registry)
    return {"real.csv": real, "synthetic_templated.csv": templated,
            "synthetic_skewed.csv": skewed}  # fmt: skip


def write_csv(rows: list[Row], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output directory")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--no-vectors",
        action="store_true",
        help="skip demo_vectors.parquet (the demo texts embedded by the bundled model)",
    )
    parser.add_argument(
        "--vectors-only",
        action="store_true",
        help="only (re)write demo_vectors.parquet from the corpora already in --out",
    )
    args = parser.parse_args(argv)
    if args.vectors_only:
        print(f"demo vectors: {write_vectors(args.out)}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in build(args.seed).items():
        write_csv(rows, args.out / name)
        print(f"{name}: {len(rows)} documents")
    if not args.no_vectors:
        print(f"demo vectors: {write_vectors(args.out)}")
    return 0


def write_vectors(out: Path) -> Path:
    """Embed the demo texts with the bundled all-MiniLM-L6-v2 on this machine's default backend
    (the app's: OpenVINO once verified here, else stock sentence-transformers; the file's
    ``cache_id`` says which) into ``out/demo_vectors.parquet``, so a first view needs no
    embedding. The OpenVINO conversion and its verification stay in the cache root."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from mixscope.corpus import load_demo_corpora
    from mixscope.embed import EmbeddingCache, get_embedder
    from mixscope.embed.demo_vectors import write_demo_vectors

    cache = EmbeddingCache()
    embedder = get_embedder(None, cache_root=cache.root)
    corpora = load_demo_corpora(directory=out)
    return write_demo_vectors(corpora, embedder, cache=cache, path=out / "demo_vectors.parquet")


if __name__ == "__main__":
    raise SystemExit(main())
