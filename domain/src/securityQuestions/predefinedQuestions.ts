/**
 * Microsoft Entra SSPR's predefined security questions (English), in Entra's order, from
 * "Authentication methods in Microsoft Entra ID - security questions". The ids are stable keys
 * for events and translations; never renumber or reuse one.
 */
export const predefinedSecurityQuestions = [
  { id: 'cityMetFirstSpouse', text: 'In what city did you meet your first spouse/partner?' },
  { id: 'cityParentsMet', text: 'In what city did your parents meet?' },
  { id: 'cityNearestSiblingLives', text: 'In what city does your nearest sibling live?' },
  { id: 'cityFatherBorn', text: 'In what city was your father born?' },
  { id: 'cityFirstJob', text: 'In what city was your first job?' },
  { id: 'cityMotherBorn', text: 'In what city was your mother born?' },
  { id: 'cityNewYears2000', text: "What city were you in on New Year's 2000?" },
  {
    id: 'lastNameFavoriteHighSchoolTeacher',
    text: 'What is the last name of your favorite teacher in high school?',
  },
  {
    id: 'collegeAppliedNotAttended',
    text: "What is the name of a college you applied to but didn't attend?",
  },
  {
    id: 'placeFirstWeddingReception',
    text: 'What is the name of the place in which you held your first wedding reception?',
  },
  { id: 'fatherMiddleName', text: "What is your father's middle name?" },
  { id: 'favoriteFood', text: 'What is your favorite food?' },
  {
    id: 'maternalGrandmotherName',
    text: "What is your maternal grandmother's first and last name?",
  },
  { id: 'motherMiddleName', text: "What is your mother's middle name?" },
  {
    id: 'oldestSiblingBirthdayMonthYear',
    text: "What is your oldest sibling's birthday month and year? (for example, November 1985)",
  },
  { id: 'oldestSiblingMiddleName', text: "What is your oldest sibling's middle name?" },
  {
    id: 'paternalGrandfatherName',
    text: "What is your paternal grandfather's first and last name?",
  },
  { id: 'youngestSiblingMiddleName', text: "What is your youngest sibling's middle name?" },
  { id: 'schoolSixthGrade', text: 'What school did you attend for sixth grade?' },
  {
    id: 'childhoodBestFriendName',
    text: 'What was the first and last name of your childhood best friend?',
  },
  {
    id: 'firstSignificantOtherName',
    text: 'What was the first and last name of your first significant other?',
  },
  {
    id: 'lastNameFavoriteGradeSchoolTeacher',
    text: 'What was the last name of your favorite grade school teacher?',
  },
  {
    id: 'firstCarMakeModel',
    text: 'What was the make and model of your first car or motorcycle?',
  },
  { id: 'firstSchoolAttended', text: 'What was the name of the first school you attended?' },
  { id: 'hospitalBorn', text: 'What was the name of the hospital in which you were born?' },
  {
    id: 'streetFirstChildhoodHome',
    text: 'What was the name of the street of your first childhood home?',
  },
  { id: 'childhoodHero', text: 'What was the name of your childhood hero?' },
  { id: 'favoriteStuffedAnimal', text: 'What was the name of your favorite stuffed animal?' },
  { id: 'firstPetName', text: 'What was the name of your first pet?' },
  { id: 'childhoodNickname', text: 'What was your childhood nickname?' },
  { id: 'favoriteHighSchoolSport', text: 'What was your favorite sport in high school?' },
  { id: 'firstJob', text: 'What was your first job?' },
  {
    id: 'childhoodPhoneLastFourDigits',
    text: 'What were the last four digits of your childhood telephone number?',
  },
  {
    id: 'childhoodDreamJob',
    text: 'When you were young, what did you want to be when you grew up?',
  },
  { id: 'mostFamousPersonMet', text: 'Who is the most famous person you have ever met?' },
] as const satisfies readonly { id: string; text: string }[];

export type PredefinedSecurityQuestionId = (typeof predefinedSecurityQuestions)[number]['id'];
